using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.Domain.Validation;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>Toolset <c>credentials</c>: values are encrypted on the server and never returned, nor any key.</summary>
[McpServerToolType]
public sealed class CredentialsTools(CredentialsService service)
{
    private const string CredentialsHelp = "Login fields as strings, e.g. {\"email\": ..., \"password\": ...}.";

    [McpServerTool(Name = "set_profile_credentials", Title = "Store a profile's credentials",
        ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Encrypts credentials on the server (AES-256-GCM) and stores them on the profile, replacing what was " +
        "there. Prefer request_credentials_entry so secrets never pass through the chat. Returns field names and the key " +
        "fingerprint, never values.")]
    public Task<CredentialsStored> SetProfileCredentials(
        [Description("Profile id.")][RegularExpression(ArgumentRules.UuidPattern)] string profile_id,
        [Description(CredentialsHelp)] Dictionary<string, string?> credentials,
        CancellationToken cancellationToken = default) =>
        service.SetAsync(profile_id, credentials, cancellationToken);

    [McpServerTool(Name = "get_credentials_status", Title = "Check a profile's stored credentials",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Says whether a profile has credentials and how they are stored (none, v1, legacy_encrypted, " +
        "legacy_plaintext). With verify=true the server decrypts them in memory to prove a configured key opens them and " +
        "reports the field names. Never returns values.")]
    public Task<CredentialsStatus> GetCredentialsStatus(
        [Description("Profile id.")][RegularExpression(ArgumentRules.UuidPattern)] string profile_id,
        [Description("Decrypt in memory to check them (default false).")] bool? verify = null,
        CancellationToken cancellationToken = default) =>
        service.StatusAsync(profile_id, verify, cancellationToken);

    [McpServerTool(Name = "encrypt_credentials", Title = "Encrypt credentials",
        ReadOnly = true, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Encrypts credentials into a v1 envelope without storing them, for values kept elsewhere (e.g. " +
        "platform_sessions cookies). Returns only the ciphertext `enc` and the key fingerprint.")]
    public EncryptedCredentials EncryptCredentials(
        [Description(CredentialsHelp)] Dictionary<string, string?> credentials) =>
        service.Encrypt(credentials);
}
