using System.Text.Json;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Validation;
using Microsoft.Extensions.Options;
using ProfileFields = CreatorProfiles.Mcp.Directus.DirectusSchema.Profiles;
using SessionFields = CreatorProfiles.Mcp.Directus.DirectusSchema.PlatformSessions;

namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>Who may read plaintext credentials through the decrypt endpoint (DESIGN.md section 6b).</summary>
public sealed class CredentialsDecryptOptions
{
    public const string DefaultRole = "media-worker";

    /// <summary>Directus role NAMES (exact, case-sensitive) whose users may decrypt: CREDENTIALS_DECRYPT_ROLES.</summary>
    public IReadOnlyList<string> DecryptRoles { get; set; } = [DefaultRole];
}

/// <summary>What the decrypt endpoint reads of a profile.</summary>
public static class DecryptSources
{
    /// <summary>creator_profiles.credentials (the default).</summary>
    public const string Credentials = "credentials";

    /// <summary>The newest unexpired platform_sessions row's cookies.</summary>
    public const string Cookies = "cookies";

    public static readonly IReadOnlyList<string> All = [Credentials, Cookies];
}

/// <summary>
/// A decrypt request, already read from its JSON body: exactly one of <see cref="Enc"/> (a stored value handed in:
/// an envelope object, a bare <c>"v1:..."</c> string or legacy plaintext) and <see cref="ProfileId"/> (read the
/// profile's stored <see cref="Source"/>: credentials, the default, or cookies).
/// </summary>
public sealed record DecryptRequest(JsonElement? Enc, string? ProfileId, string? Source);

/// <summary>
/// Plaintext credentials for a caller allowed to have them. <see cref="Credentials"/> holds the VALUES: the endpoint
/// writes them into its answer and nowhere else. <see cref="ToString"/> shows names, format and key only.
/// </summary>
public sealed record DecryptedCredentials
{
    public required string Format { get; init; }
    public required IReadOnlyDictionary<string, string> Credentials { get; init; }

    /// <summary>Fingerprint of the key that opened the value; null when it was not encrypted (legacy plaintext, none).</summary>
    public string? KeyFingerprint { get; init; }

    /// <summary>"current" or "previous" (a key from CREDENTIALS_ENC_PREVIOUS_KEYS_B64); null when not encrypted.</summary>
    public string? Key { get; init; }

    /// <summary>Readable, but should be rewritten as a v1 envelope under the current key (legacy, or a previous key).</summary>
    public bool NeedsReencryption { get; init; }

    /// <summary>Set when a profile's stored value was read.</summary>
    public string? ProfileId { get; init; }

    /// <summary><see cref="DecryptSources"/>, when a profile's stored value was read.</summary>
    public string? Source { get; init; }

    /// <summary>The platform_sessions row the cookies came from, and its expiry (null = never).</summary>
    public string? SessionId { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public override string ToString() =>
        $"{Format}, {Credentials.Count} field(s) [{string.Join(", ", Credentials.Keys)}]{(KeyFingerprint is null ? "" : $", key {KeyFingerprint} ({Key})")}";
}

/// <summary>Why a credentials endpoint call was refused; the host maps each to an HTTP status.</summary>
public enum CredentialsAccessError
{
    /// <summary>The caller's role may not decrypt. Says nothing about the request or what exists.</summary>
    Forbidden,

    /// <summary>The request itself is wrong (shape, ids, or an <c>enc</c> that cannot be read).</summary>
    InvalidRequest,

    /// <summary>No such profile.</summary>
    NotFound,

    /// <summary>The profile exists but has no unexpired platform_sessions row.</summary>
    NoCookies,

    /// <summary>The profile's stored value cannot be read (damaged, or a key that is not configured).</summary>
    Unreadable,

    /// <summary>CREDENTIALS_ENC_KEY_B64 is not set.</summary>
    NotConfigured,
}

/// <summary>A refused credentials endpoint call. The message never holds a credential value, ciphertext or key.</summary>
public sealed class CredentialsAccessException : DomainException
{
    public CredentialsAccessException(CredentialsAccessError error, string message, CredentialsVerifyStatus? readStatus = null) : base(message)
    {
        Error = error;
        ReadStatus = readStatus;
    }

    public CredentialsAccessException() : base() { }
    public CredentialsAccessException(string message) : base(message) { }
    public CredentialsAccessException(string message, Exception innerException) : base(message, innerException) { }

    public CredentialsAccessError Error { get; }

    /// <summary>For a value that could not be read (an <c>enc</c> handed in, or a stored one): why.</summary>
    public CredentialsVerifyStatus? ReadStatus { get; }
}

/// <summary>
/// The decrypt endpoint's rules (DESIGN.md section 6b): only callers whose Directus role is in
/// <see cref="CredentialsDecryptOptions.DecryptRoles"/> get plaintext (admins included: being admin is not enough);
/// such a caller is a service (the media worker), so it may read ANY profile's credentials or cookies. Values come
/// back only in the result; messages name formats, field names, ids and key fingerprints at most.
/// </summary>
public sealed class CredentialsDecryptService(
    IDirectusApi directus,
    ICredentialsCipherProvider ciphers,
    IOptions<CredentialsDecryptOptions> options,
    TimeProvider clock)
{
    /// <summary>The one answer every caller without the role gets, whatever it asked for.</summary>
    public const string ForbiddenMessage =
        "Decrypting credentials is reserved for service roles (CREDENTIALS_DECRYPT_ROLES, e.g. the media worker).";

    private readonly IReadOnlyList<string> _roles = options.Value.DecryptRoles;

    public bool MayDecrypt(Caller caller) =>
        caller.RoleName is { } role && _roles.Contains(role, StringComparer.Ordinal);

    /// <summary>Throws <see cref="CredentialsAccessError.Forbidden"/> unless the caller's role may decrypt.</summary>
    public void EnsureMayDecrypt(Caller caller)
    {
        if (!MayDecrypt(caller))
        {
            throw new CredentialsAccessException(CredentialsAccessError.Forbidden, ForbiddenMessage);
        }
    }

    /// <summary>
    /// Decrypts what the request names. Directus requests: none for <c>enc</c>; 1 for a profile's credentials; 1 for
    /// its cookies (2 when it has none, to tell a missing profile from one without cookies).
    /// </summary>
    public async Task<DecryptedCredentials> DecryptAsync(Caller caller, DecryptRequest request, CancellationToken cancellationToken)
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

    private static DecryptedCredentials DecryptValue(CredentialsCipher cipher, JsonElement enc)
    {
        if (enc.ValueKind is not (JsonValueKind.Object or JsonValueKind.String))
        {
            throw Invalid($"'enc' must be the stored value as it is: an envelope object {{\"enc\":\"v1:...\"}}, a bare \"v1:...\" string, or legacy plaintext (an object of strings, or a string); found {ArgumentRules.Describe(enc.ValueKind)}.");
        }

        if (CredentialsFormats.Classify(enc) == CredentialsFormat.None)
        {
            throw Invalid("'enc' is empty (an empty string or object): there is nothing to decrypt.");
        }

        try
        {
            return Result(cipher.Decrypt(enc));
        }
        catch (CredentialsDecryptionException e)
        {
            throw new CredentialsAccessException(CredentialsAccessError.InvalidRequest, "'enc' cannot be read: " + e.Message, e.Status);
        }
    }

    private async Task<DecryptedCredentials> DecryptProfileCredentialsAsync(CredentialsCipher cipher, string profileId, CancellationToken cancellationToken)
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

    private async Task<DecryptedCredentials> DecryptCookiesAsync(CredentialsCipher cipher, string profileId, CancellationToken cancellationToken)
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

            throw new CredentialsAccessException(CredentialsAccessError.NoCookies,
                $"Profile {profileId} has no unexpired platform_sessions cookies: a human must log in first (trigger_scrape opens a HITL request).");
        }

        return Stored(cipher, session.Cookies, profileId, DecryptSources.Cookies, $"cookies (platform_sessions {session.Id})")
            with { SessionId = session.Id, ExpiresAt = session.ExpiresAt };
    }

    private static DecryptedCredentials Stored(CredentialsCipher cipher, JsonElement? stored, string profileId, string source, string what)
    {
        DecryptResult result;
        try
        {
            result = cipher.Decrypt(stored);
        }
        catch (CredentialsDecryptionException e)
        {
            throw new CredentialsAccessException(CredentialsAccessError.Unreadable, $"Profile {profileId}'s stored {what} cannot be read: {e.Message}", e.Status);
        }

        return Result(result) with { ProfileId = profileId, Source = source };
    }

    private static DecryptedCredentials Result(DecryptResult result) => new()
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
            : throw new CredentialsAccessException(CredentialsAccessError.NotConfigured, CredentialsCipherProvider.NotConfiguredMessage);

    private static CredentialsAccessException Invalid(string message) => new(CredentialsAccessError.InvalidRequest, message);

    private static CredentialsAccessException NotFound(string profileId) =>
        new(CredentialsAccessError.NotFound, $"No creator profile with id '{profileId}' exists.");

}
