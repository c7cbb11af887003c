using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using CreatorProfiles.Mcp.Domain.Profiles;
using CreatorProfiles.Mcp.Domain.Validation;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>Toolset <c>credentials</c>: values are encrypted on the server and never returned, nor any key.</summary>
[McpServerToolType]
[Toolset(ToolCatalogOptions.Credentials)]
public sealed partial class CredentialsTools(CredentialsService service, CredentialsEntryService entries, ILogger<CredentialsTools> logger)
{
    internal const string CredentialsHelp = "e.g. email and password.";

    [McpServerTool(Name = "set_profile_credentials", Title = "Store profile credentials",
        ReadOnly = false, Destructive = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Encrypts credentials (AES-256-GCM) and stores them on the profile, replacing any. Prefer " +
        "request_credentials_entry, which keeps them out of the chat. Returns field names, never values.")]
    public Task<SetProfileCredentialsResult> SetProfileCredentials(
        [RegularExpression(ArgumentRules.UuidPattern)] string profile_id,
        [Description(CredentialsHelp)] Dictionary<string, string?> credentials,
        CancellationToken cancellationToken = default) =>
        service.SetProfileCredentialsAsync(profile_id, credentials, cancellationToken);

    [McpServerTool(Name = "get_credentials_status", Title = "Check stored credentials",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Says whether a profile has credentials and their format. verify decrypts them in memory to prove a " +
        "configured key opens them, and lists the field names. Never returns values.")]
    public Task<CredentialsStatusResult> GetCredentialsStatus(
        [RegularExpression(ArgumentRules.UuidPattern)] string profile_id,
        [DefaultValue(false)] bool? verify = null,
        CancellationToken cancellationToken = default) =>
        service.GetCredentialsStatusAsync(profile_id, verify, cancellationToken);

    [McpServerTool(Name = "encrypt_credentials", Title = "Encrypt credentials",
        ReadOnly = true, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Encrypts credentials into a v1 envelope (enc) without storing them, for values kept elsewhere, e.g. " +
        "platform_sessions cookies.")]
    public EncryptCredentialsResult EncryptCredentials(
        [Description(CredentialsHelp)] Dictionary<string, string?> credentials) =>
        service.EncryptCredentials(credentials);
}

/// <summary>Result of request_credentials_entry. <see cref="Url"/> only when it must be relayed to the user
/// (<see cref="Delivery"/> "url"); with "elicitation" the client opened it, with "declined" it was cancelled. The
/// username is read back from Directus, so it sits under <see cref="Untrusted"/> and the message does not repeat it.</summary>
public sealed record CredentialsEntryRequested(
    string ProfileId,
    string Platform,
    string? Url,
    DateTimeOffset? ExpiresAt,
    [property: Description("url, elicitation (the client opened it) or declined (link cancelled).")] string Delivery,
    string Message,
    UntrustedProfileText Untrusted)
{
    public CredentialsEntryRequested(string profileId, string platform, string? url, DateTimeOffset? expiresAt, string delivery, string message, CredentialsEntryTarget target)
        : this(profileId, platform, url, expiresAt, delivery, message, new UntrustedProfileText(target.Username, LastError: null))
    {
    }
}
