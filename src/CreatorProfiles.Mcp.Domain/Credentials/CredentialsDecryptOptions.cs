namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>Who may read plaintext credentials through the decrypt endpoint (docs/credentials.md).</summary>
public sealed class CredentialsDecryptOptions
{
    public const string DefaultRole = "media-worker";

    /// <summary>Directus role NAMES (exact, case-sensitive) whose users may decrypt: CREDENTIALS_DECRYPT_ROLES.</summary>
    public IReadOnlyList<string> DecryptRoles { get; set; } = [DefaultRole];
}
