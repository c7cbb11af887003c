using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Profiles;
using CreatorProfiles.Mcp.Domain.Untrusted;
using CreatorProfiles.Mcp.Domain.Validation;
using ProfileFields = CreatorProfiles.Mcp.Directus.DirectusSchema.Profiles;

namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>
/// Stores and inspects profile credentials. Values are encrypted here, before they leave the server, and never come
/// back out of this service: results carry field NAMES, formats and key fingerprints only.
/// </summary>
public sealed class CredentialsService(ProfileService profiles, ICallerAccessor callers, CredentialsCipherProvider ciphers)
{
    /// <summary>Encrypts and stores credentials on a profile the caller owns: one Directus request.</summary>
    public async Task<SetProfileCredentialsResult> SetProfileCredentialsAsync(string? profileId, IReadOnlyDictionary<string, string?>? credentials, CancellationToken cancellationToken)
    {
        var id = ArgumentRules.Uuid(profileId, "profile_id");
        var valid = ArgumentRules.Credentials(credentials);
        var cipher = ciphers.GetCipher();
        await profiles.UpdateOwnedAsync(id, new JsonObject { [ProfileFields.Credentials] = cipher.Encrypt(valid) }, ProfileFields.Id, cancellationToken);
        return new SetProfileCredentialsResult(id, CredentialsFormat.V1.ToName(), valid.Keys.Order(StringComparer.Ordinal).ToList(), cipher.KeyFingerprint);
    }

    /// <summary>The same on behalf of a caller known beforehand (the credentials entry page stores for whoever asked
    /// for the link): validated, encrypted, one Directus request scoped to that caller's profiles.</summary>
    public async Task<SetProfileCredentialsResult> SetProfileCredentialsAsync(Caller caller, string? profileId, IReadOnlyDictionary<string, string?>? credentials, CancellationToken cancellationToken)
    {
        var id = ArgumentRules.Uuid(profileId, "profile_id");
        var valid = ArgumentRules.Credentials(credentials);
        var cipher = ciphers.GetCipher();
        await profiles.UpdateOwnedAsync(caller, id, new JsonObject { [ProfileFields.Credentials] = cipher.Encrypt(valid) }, ProfileFields.Id, cancellationToken);
        return new SetProfileCredentialsResult(id, CredentialsFormat.V1.ToName(), valid.Keys.Order(StringComparer.Ordinal).ToList(), cipher.KeyFingerprint);
    }

    /// <summary>What is stored, and with <paramref name="verify"/> whether a configured key opens it (decrypted in
    /// memory only). One Directus request.</summary>
    public async Task<CredentialsStatusResult> GetCredentialsStatusAsync(string? profileId, bool? verify, CancellationToken cancellationToken)
    {
        var id = ArgumentRules.Uuid(profileId, "profile_id");
        var cipher = verify == true ? ciphers.GetCipher() : null; // refuse before reading when verification is impossible
        var caller = await callers.GetCallerAsync(cancellationToken);
        var record = await profiles.GetVisibleAsync(id, caller, DirectusSchema.Selections.ProfileCredentials, deep: null, cancellationToken);
        var format = CredentialsFormatClassifier.Classify(record.Credentials);
        if (cipher is null)
        {
            // A refused legacy form is known without decrypting (and without a key): say so rather than look usable.
            return !ciphers.AcceptsLegacy && format.IsLegacy()
                ? new CredentialsStatusResult(id, true, format.ToName(), Verified: false,
                    Status: CredentialsCheckOutcome.LegacyRefused.ToCode(), Message: CredentialsCipher.LegacyRefusedMessage, NeedsReencryption: true)
                : new CredentialsStatusResult(id, format != CredentialsFormat.None, format.ToName());
        }

        var check = cipher.Verify(record.Credentials);
        return new CredentialsStatusResult(id, format != CredentialsFormat.None, format.ToName(),
            // Names as stored: a legacy row written straight into Directus can name its fields anything, so only plain
            // words are shown (every name this server writes is one).
            Fields: check.FieldNames.Count > 0 ? check.FieldNames.Select(name => UntrustedText.Word(name)).ToList() : null,
            KeyFingerprint: check.KeyFingerprint,
            Verified: check.IsReadable,
            Status: check.Status.ToCode(),
            Message: check.Message,
            NeedsReencryption: check.NeedsReencryption);
    }

    /// <summary>Encrypts without storing, for callers that keep the envelope elsewhere (e.g. platform_sessions cookies).</summary>
    public EncryptCredentialsResult EncryptCredentials(IReadOnlyDictionary<string, string?>? credentials)
    {
        var valid = ArgumentRules.Credentials(credentials);
        var cipher = ciphers.GetCipher();
        return new EncryptCredentialsResult((string)cipher.Encrypt(valid)[CredentialsCipher.EnvelopeProperty]!, cipher.KeyFingerprint);
    }

    /// <summary>The envelope for create_creator_profile, or null when no credentials were given.</summary>
    public JsonObject? EnvelopeOrNull(IReadOnlyDictionary<string, string?>? credentials) =>
        credentials is null ? null : ciphers.GetCipher().Encrypt(ArgumentRules.Credentials(credentials));
}
