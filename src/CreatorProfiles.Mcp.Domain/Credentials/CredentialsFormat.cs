namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>How a stored credentials value is kept: <see cref="V1"/> is the envelope <c>{"enc": "v1:..."}</c>;
/// <see cref="LegacyEncrypted"/> the same <c>"v1:..."</c> text as a bare string; <see cref="LegacyPlaintext"/> an
/// unencrypted object of strings or string; <see cref="None"/> nothing (null, "" or {}).
/// <see cref="CredentialsFormatClassifier.Classify"/> tells them apart.</summary>
public enum CredentialsFormat
{
    None,
    V1,
    LegacyEncrypted,
    LegacyPlaintext,
}
