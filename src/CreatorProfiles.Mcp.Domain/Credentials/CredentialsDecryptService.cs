using System.Text.Json;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Auditing;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Validation;
using Microsoft.Extensions.Options;
using ProfileFields = CreatorProfiles.Mcp.Directus.DirectusSchema.Profiles;

namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>
/// The decrypt endpoint's rules (docs/credentials.md): only callers whose Directus role is in
/// <see cref="CredentialsDecryptOptions.DecryptRoles"/> get plaintext (admins included: being admin is not enough),
/// and only for work: a profile's stored credentials or cookies, named together with the profile's media job, which
/// must be <c>running</c> (the worker marks it so before it logs in). Every way of missing that (no job id, a
/// malformed or unknown one, a job that is queued or finished, another profile's job, an <c>enc</c> value handed in
/// while <see cref="CredentialsDecryptOptions.AllowEnc"/> is off) gets the one <see cref="NotBoundToWorkMessage"/>.
/// Values come back only in the result; messages name formats, field names, ids and key fingerprints at most.
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

    /// <summary>The one answer to a decrypt that is not bound to a running job of the profile, whatever was missing.</summary>
    public const string NotBoundToWorkMessage =
        "Decrypting is bound to work: send 'profile_id' with the 'job_id' of that profile's running media job. " +
        "Values handed in as 'enc' are decrypted only where the server allows it (" + CredentialsDecryptOptions.AllowEncVariable + ").";

    private readonly IReadOnlyList<string> _roles = options.Value.DecryptRoles;
    private readonly bool _allowEnc = options.Value.AllowEnc;

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
    /// Decrypts what the request names. Directus requests: none for <c>enc</c>; exactly 1 for a profile's credentials
    /// or cookies (the job, read with its profile and the value, so the check and the read are one snapshot).
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
            if (!_allowEnc)
            {
                throw NotBoundToWork(); // before the value is even looked at
            }

            if (request.Source is not null || request.JobId is not null)
            {
                throw Invalid("'source' and 'job_id' apply to 'profile_id' only; with 'enc' the value given is decrypted.");
            }

            return Recorded(null, DecryptValue(Cipher(), enc));
        }

        if (request.ProfileId is null)
        {
            throw Invalid("Give 'profile_id' (a profile's stored credentials, or its cookies with \"source\": \"cookies\") with 'job_id' (its running media job).");
        }

        var profileId = ArgumentRules.Uuid(request.ProfileId, "profile_id");
        var source = request.Source ?? DecryptSources.Credentials;
        if (!DecryptSources.All.Contains(source, StringComparer.Ordinal))
        {
            throw new InvalidArgumentException("source", ArgumentRules.Quote(source), string.Join(" or ", DecryptSources.All.Select(s => $"\"{s}\"")) + " (default \"credentials\")");
        }

        var cipher = Cipher(); // refuse before reading when nothing could be decrypted
        var cookies = source == DecryptSources.Cookies;
        var (job, profile) = await RunningJobProfileAsync(profileId, request.JobId, cookies, cancellationToken);
        return Recorded(job, cookies
            ? Cookies(cipher, profile)
            : Stored(cipher, profile.Credentials, profileId, DecryptSources.Credentials, ProfileFields.Credentials));
    }

    /// <summary>The audit line of a decrypt names the job it was bound to and the key that opened the value.</summary>
    private static DecryptAnswer Recorded(string? jobId, DecryptAnswer answer)
    {
        AuditFacts.RecordDecrypt(jobId, answer.KeyFingerprint);
        return answer;
    }

    /// <summary>
    /// The profile of the job <paramref name="jobId"/> names, read in one request with what is to be decrypted, when
    /// that job is <c>running</c> and belongs to <paramref name="profileId"/>; else the one refusal. Only
    /// <c>running</c> counts: a queued job is not claimed by a worker yet, and a finished one needs nothing.
    /// </summary>
    private async Task<(string JobId, DecryptJobProfile Profile)> RunningJobProfileAsync(string profileId, string? jobId, bool cookies, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(jobId, "D", out var id))
        {
            throw NotBoundToWork(); // missing or malformed: never sent to Directus
        }

        DecryptJobRecord job;
        try
        {
            job = (await directus.GetItemAsync<DecryptJobRecord>(
                DirectusSchema.MediaJobs.Collection, id.ToString("D"),
                cookies ? DirectusSchema.Selections.DecryptJobCookies : DirectusSchema.Selections.DecryptJobCredentials,
                cookies ? DirectusSchema.Selections.DecryptCookiesDeep(clock.GetUtcNow()) : null,
                cancellationToken)).Data;
        }
        catch (DataAccessException e) when (e.Failure == DataAccessFailure.NotFound)
        {
            throw NotBoundToWork();
        }

        if (job.Status != JobStatuses.Running || job.ProfileId is not { } profile || !string.Equals(profile.Id, profileId, StringComparison.OrdinalIgnoreCase))
        {
            throw NotBoundToWork();
        }

        return (id.ToString("D"), profile);
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

    private static DecryptAnswer Cookies(CredentialsCipher cipher, DecryptJobProfile profile)
    {
        if (profile.PlatformSessions is not [var session, ..])
        {
            throw new CredentialsEndpointRefusedException(CredentialsEndpointRefusal.NoCookies,
                $"Profile {profile.Id} has no unexpired platform_sessions cookies: a human must log in first (trigger_scrape opens a HITL request).");
        }

        return Stored(cipher, session.Cookies, profile.Id, DecryptSources.Cookies, $"cookies (platform_sessions {session.Id})")
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

    private static CredentialsEndpointRefusedException NotBoundToWork() => new(CredentialsEndpointRefusal.NotBoundToWork, NotBoundToWorkMessage);
}
