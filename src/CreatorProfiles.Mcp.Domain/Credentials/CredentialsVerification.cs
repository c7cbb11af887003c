namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>What reading a stored credentials value found. Everything except <see cref="Ok"/> and
/// <see cref="NoCredentials"/> means the value cannot be used as it is.</summary>
public enum CredentialsVerifyStatus
{
    /// <summary>The value was read: an encrypted one opened with a configured key and held a JSON object of
    /// strings, or a legacy plaintext one is an object of strings (or a plain string).</summary>
    Ok,

    /// <summary>Nothing is stored (null, an empty string or an empty object).</summary>
    NoCredentials,

    /// <summary>The envelope's shape is wrong: <c>enc</c> not a string or not <c>v1:</c>, not four parts, an empty
    /// part (a truncated value usually ends up here or in <see cref="InvalidBase64"/>).</summary>
    MalformedEnvelope,

    /// <summary>A part is not canonical standard base64.</summary>
    InvalidBase64,

    /// <summary>The iv is not 12 bytes or the tag is not 16 bytes.</summary>
    InvalidLength,

    /// <summary>No configured key authenticates the value: it was encrypted with a key that is not configured, or
    /// it was altered after encryption. AES-GCM cannot tell these two apart (both are a tag mismatch).</summary>
    KeyMismatchOrTampered,

    /// <summary>The value opened (or is plaintext) but is not a JSON object whose values are all strings.</summary>
    InvalidPlaintext,
}

/// <summary>
/// The outcome of <see cref="CredentialsCipher.Verify"/>: a status, a message safe to show (it never contains a
/// credential value, ciphertext or key material), and on success the field NAMES and the key that opened it.
/// </summary>
/// <param name="Status">What was found.</param>
/// <param name="Message">One or two sentences for whoever must act.</param>
/// <param name="Format">How the value is stored (from <see cref="CredentialsFormats.Classify"/>), even when it fails.</param>
/// <param name="FieldNames">The credential field names when <see cref="Status"/> is <see cref="CredentialsVerifyStatus.Ok"/>, else empty.</param>
/// <param name="KeyFingerprint">The fingerprint of the key that opened it; null when it was not encrypted or did not open.</param>
/// <param name="OpenedWithPreviousKey">True when a key from CREDENTIALS_ENC_PREVIOUS_KEYS_B64 opened it.</param>
public sealed record CredentialsVerification(
    CredentialsVerifyStatus Status,
    string Message,
    CredentialsFormat Format,
    IReadOnlyList<string> FieldNames,
    string? KeyFingerprint,
    bool OpenedWithPreviousKey)
{
    /// <summary>The value can be used: it read fine, or there is nothing stored.</summary>
    public bool IsReadable => Status is CredentialsVerifyStatus.Ok or CredentialsVerifyStatus.NoCredentials;

    /// <summary>Readable but not in the current form: legacy, or opened by a previous key.</summary>
    public bool NeedsReencryption => Status == CredentialsVerifyStatus.Ok
        && (Format != CredentialsFormat.V1 || OpenedWithPreviousKey);

    public override string ToString() =>
        $"{Status} ({Format.ToName()}{(FieldNames.Count > 0 ? $"; fields: {string.Join(", ", FieldNames)}" : "")}): {Message}";
}
