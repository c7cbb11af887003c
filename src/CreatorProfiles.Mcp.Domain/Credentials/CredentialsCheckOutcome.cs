namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>What reading a stored credentials value found. Everything except <see cref="Ok"/> and
/// <see cref="NoCredentials"/> means the value cannot be used as it is.</summary>
public enum CredentialsCheckOutcome
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

    /// <summary>The value is in a legacy form (plaintext, or a bare <c>"v1:..."</c> string) and this server is set to
    /// refuse those (CREDENTIALS_ACCEPT_LEGACY=false): it is not read at all.</summary>
    LegacyRefused,
}

/// <summary>The stable snake_case codes results and endpoint errors use for a <see cref="CredentialsCheckOutcome"/>.</summary>
public static class CredentialsCheckOutcomeCodes
{
    public static string ToCode(this CredentialsCheckOutcome outcome) => outcome switch
    {
        CredentialsCheckOutcome.Ok => "ok",
        CredentialsCheckOutcome.NoCredentials => "no_credentials",
        CredentialsCheckOutcome.MalformedEnvelope => "malformed_envelope",
        CredentialsCheckOutcome.InvalidBase64 => "invalid_base64",
        CredentialsCheckOutcome.InvalidLength => "invalid_length",
        CredentialsCheckOutcome.KeyMismatchOrTampered => "key_mismatch_or_tampered",
        CredentialsCheckOutcome.InvalidPlaintext => "invalid_plaintext",
        _ => "legacy_refused",
    };
}
