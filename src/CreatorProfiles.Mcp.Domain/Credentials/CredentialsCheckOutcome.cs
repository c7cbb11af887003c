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
}
