namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>Who may read plaintext credentials through the decrypt endpoint, and what (docs/credentials.md).</summary>
public sealed class CredentialsDecryptOptions
{
    public const string DefaultRole = "media-worker";

    /// <summary>The switch that lets an allowed role decrypt a value it hands in (<c>enc</c>).</summary>
    public const string AllowEncVariable = "CREDENTIALS_DECRYPT_ALLOW_ENC";

    /// <summary>Directus role NAMES (exact, case-sensitive) whose users may decrypt: CREDENTIALS_DECRYPT_ROLES.</summary>
    public IReadOnlyList<string> DecryptRoles { get; set; } = [DefaultRole];

    /// <summary>CREDENTIALS_DECRYPT_ALLOW_ENC: when false (the default) an <c>enc</c> value handed in is refused for
    /// every caller, like a decrypt without a running job; only a profile's stored values, bound to its running job,
    /// are decrypted.</summary>
    public bool AllowEnc { get; set; }
}
