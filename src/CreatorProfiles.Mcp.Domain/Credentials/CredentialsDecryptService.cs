using System.Text.Json;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Validation;
using Microsoft.Extensions.Options;
using ProfileFields = CreatorProfiles.Mcp.Directus.DirectusSchema.Profiles;
using SessionFields = CreatorProfiles.Mcp.Directus.DirectusSchema.PlatformSessions;

namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>
/// The decrypt endpoint's rules (docs/credentials.md): only callers whose Directus role is in
/// <see cref="CredentialsDecryptOptions.DecryptRoles"/> get plaintext (admins included: being admin is not enough);
/// such a caller is a service (the media worker), so it may read ANY profile's credentials or cookies. Values come
/// back only in the result; messages name formats, field names, ids and key fingerprints at most.
/// </summary>
public sealed class CredentialsDecryptService(
    IDirectusApi directus,
    CredentialsCipherProvider ciphers,
    IOptions<CredentialsDecryptOptions> options,
    TimeProvider clock)
{
    /// <summary>The one answer every caller without the role gets, whatever it asked for.</summary>
    public const string ForbiddenMessage =
        "Decrypting credentials is reserved for service roles (CREDENTIALS_DECRYPT_ROLES, e.g. the media worker).";

    private readonly IReadOnlyList<string> _roles = options.Value.DecryptRoles;

    public bool MayDecrypt(Caller caller) =>
        caller.RoleName is { } role && _roles.Contains(role, StringComparer.Ordinal);

    /// <summary>Throws <see cref="CredentialsEndpointRefusal.Forbidden"/> unless the caller's role may decrypt.</summary>
    public void EnsureMayDecrypt(Caller caller)
    {
        if (!MayDecrypt(caller))
        {
            throw new CredentialsEndpointRefusedException(CredentialsEndpointRefusal.Forbidden, ForbiddenMessage);
        }
    }

    /// <summary>
    /// Decrypts what the request names. Directus requests: none for <c>enc</c>; 1 for a profile's credentials; 1 for
    /// its cookies (2 when it has none, to tell a missing profile from one without cookies).
    /// </summary>
    public async Task<DecryptAnswer> DecryptAsync(Caller caller, DecryptRequest request, CancellationToken cancellationToken)
    {
        EnsureMayDecrypt(caller);
        if (request.Enc is not null && request.ProfileId is not null)
        {
            throw Invalid("Give either 'enc' (a stored value to decrypt) or 'profile_id' (read a profile's stored credentials or cookies), not both.");
        }

        if (request.Enc is { } enc)
        {
            if (request.Source is not null)
            {
                throw Invalid("'source' applies to 'profile_id' only; with 'enc' the value given is decrypted.");
            }

            return DecryptValue(Cipher(), enc);
        }

        if (request.ProfileId is null)
        {
            throw Invalid("Give 'enc' (a stored value: {\"enc\":\"v1:...\"}, a \"v1:...\" string or legacy plaintext) or 'profile_id' (a profile's stored credentials, or its cookies with \"source\": \"cookies\").");
        }

        var profileId = ArgumentRules.Uuid(request.ProfileId, "profile_id");
        var source = request.Source ?? DecryptSources.Credentials;
        if (!DecryptSources.All.Contains(source, StringComparer.Ordinal))
        {
            throw new InvalidArgumentException("source", ArgumentRules.Quote(source), string.Join(" or ", DecryptSources.All.Select(s => $"\"{s}\"")) + " (default \"credentials\")");
        }

        var cipher = Cipher(); // refuse before reading when nothing could be decrypted
        return source == DecryptSources.Cookies
            ? await DecryptCookiesAsync(cipher, profileId, cancellationToken)
            : await DecryptProfileCredentialsAsync(cipher, profileId, cancellationToken);
    }

    private static DecryptAnswer DecryptValue(CredentialsCipher cipher, JsonElement enc)
    {
        if (enc.ValueKind is not (JsonValueKind.Object or JsonValueKind.String))
        {
            throw Invalid($"'enc' must be the stored value as it is: an envelope object {{\"enc\":\"v1:...\"}}, a bare \"v1:...\" string, or legacy plaintext (an object of strings, or a string); found {ArgumentRules.Describe(enc.ValueKind)}.");
        }

        if (CredentialsFormatClassifier.Classify(enc) == CredentialsFormat.None)
        {
            throw Invalid("'enc' is empty (an empty string or object): there is nothing to decrypt.");
        }

        try
        {
            return Result(cipher.Decrypt(enc));
        }
        catch (UnreadableCredentialsException e)
        {
            throw new CredentialsEndpointRefusedException(CredentialsEndpointRefusal.InvalidRequest, "'enc' cannot be read: " + e.Message, e.Status);
        }
    }

    private async Task<DecryptAnswer> DecryptProfileCredentialsAsync(CredentialsCipher cipher, string profileId, CancellationToken cancellationToken)
    {
        EncryptedFieldRow row;
        try
        {
            row = (await directus.GetItemAsync<EncryptedFieldRow>(DirectusSchema.Profiles.Collection, profileId, $"{ProfileFields.Id},{ProfileFields.Credentials}", cancellationToken: cancellationToken)).Data;
        }
        catch (DataAccessException e) when (e.Failure == DataAccessFailure.NotFound)
        {
            throw NotFound(profileId);
        }

        return Stored(cipher, row.Credentials, profileId, DecryptSources.Credentials, ProfileFields.Credentials);
    }

    private async Task<DecryptAnswer> DecryptCookiesAsync(CredentialsCipher cipher, string profileId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var filter = new DirectusFilter()
            .Eq(SessionFields.ProfileId, profileId)
            .NullOrAfter(SessionFields.ExpiresAt, now);
        var rows = await directus.ListItemsAsync<SessionCookiesRecord>(
            DirectusSchema.PlatformSessions.Collection, filter: filter.ToQueryValue(), fields: DirectusSchema.Selections.SessionCookies,
            sort: $"-{SessionFields.CreatedAt},-{SessionFields.ExpiresAt}", limit: 1,
            cancellationToken: cancellationToken);
        if (rows.Data is not [var session, ..])
        {
            try
            {
                _ = await directus.GetItemAsync<EncryptedFieldRow>(DirectusSchema.Profiles.Collection, profileId, ProfileFields.Id, cancellationToken: cancellationToken);
            }
            catch (DataAccessException e) when (e.Failure == DataAccessFailure.NotFound)
            {
                throw NotFound(profileId);
            }

            throw new CredentialsEndpointRefusedException(CredentialsEndpointRefusal.NoCookies,
                $"Profile {profileId} has no unexpired platform_sessions cookies: a human must log in first (trigger_scrape opens a HITL request).");
        }

        return Stored(cipher, session.Cookies, profileId, DecryptSources.Cookies, $"cookies (platform_sessions {session.Id})")
            with { SessionId = session.Id, ExpiresAt = session.ExpiresAt };
    }

    private static DecryptAnswer Stored(CredentialsCipher cipher, JsonElement? stored, string profileId, string source, string what)
    {
        OpenedCredentials result;
        try
        {
            result = cipher.Decrypt(stored);
        }
        catch (UnreadableCredentialsException e)
        {
            throw new CredentialsEndpointRefusedException(CredentialsEndpointRefusal.Unreadable, $"Profile {profileId}'s stored {what} cannot be read: {e.Message}", e.Status);
        }

        return Result(result) with { ProfileId = profileId, Source = source };
    }

    private static DecryptAnswer Result(OpenedCredentials result) => new()
    {
        Format = result.Format.ToName(),
        Credentials = result.Credentials,
        KeyFingerprint = result.KeyFingerprint,
        Key = result.KeyFingerprint is null ? null : result.OpenedWithPreviousKey ? "previous" : "current",
        NeedsReencryption = result.NeedsReencryption,
    };

    private CredentialsCipher Cipher() =>
        ciphers.IsConfigured
            ? ciphers.GetCipher()
            : throw new CredentialsEndpointRefusedException(CredentialsEndpointRefusal.NotConfigured, CredentialsCipherProvider.NotConfiguredMessage);

    private static CredentialsEndpointRefusedException Invalid(string message) => new(CredentialsEndpointRefusal.InvalidRequest, message);

    private static CredentialsEndpointRefusedException NotFound(string profileId) =>
        new(CredentialsEndpointRefusal.NotFound, $"No creator profile with id '{profileId}' exists.");
}
