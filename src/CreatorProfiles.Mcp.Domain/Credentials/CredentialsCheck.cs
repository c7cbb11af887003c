namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>
/// The outcome of <see cref="CredentialsCipher.Verify"/>: a status, a message safe to show (it never contains a
/// credential value, ciphertext or key material), and on success the field NAMES and the key that opened it.
/// </summary>
/// <param name="Status">What was found.</param>
/// <param name="Message">One or two sentences for whoever must act.</param>
/// <param name="Format">How the value is stored (from <see cref="CredentialsFormatClassifier.Classify"/>), even when it fails.</param>
/// <param name="FieldNames">The credential field names when <see cref="Status"/> is <see cref="CredentialsCheckOutcome.Ok"/>, else empty.</param>
/// <param name="KeyFingerprint">The fingerprint of the key that opened it; null when it was not encrypted or did not open.</param>
/// <param name="OpenedWithPreviousKey">True when a key from CREDENTIALS_ENC_PREVIOUS_KEYS_B64 opened it.</param>
public sealed record CredentialsCheck(
    CredentialsCheckOutcome Status,
    string Message,
    CredentialsFormat Format,
    IReadOnlyList<string> FieldNames,
    string? KeyFingerprint,
    bool OpenedWithPreviousKey)
{
    /// <summary>The value can be used: it read fine, or there is nothing stored.</summary>
    public bool IsReadable => Status is CredentialsCheckOutcome.Ok or CredentialsCheckOutcome.NoCredentials;

    /// <summary>Readable but not in the current form (legacy, or opened by a previous key), or a legacy form this
    /// server refuses: either way migration or rotation rewrites it.</summary>
    public bool NeedsReencryption => Status == CredentialsCheckOutcome.LegacyRefused
        || (Status == CredentialsCheckOutcome.Ok && (Format != CredentialsFormat.V1 || OpenedWithPreviousKey));

    public override string ToString() =>
        $"{Status} ({Format.ToName()}{(FieldNames.Count > 0 ? $"; fields: {string.Join(", ", FieldNames)}" : "")}): {Message}";
}
