using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using CreatorProfiles.Mcp.Domain.Profiles;
using CreatorProfiles.Mcp.Domain.Validation;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>Toolset <c>credentials</c>: values are encrypted on the server and never returned, nor any key.</summary>
[McpServerToolType]
[Toolset(ToolCatalogOptions.Credentials)]
public sealed class CredentialsTools(CredentialsService service, CredentialsEntryService entries, ILogger<CredentialsTools> logger)
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

    [McpServerTool(Name = "request_credentials_entry", Title = "Private credentials entry page",
        ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Makes a one-time page, served by this server, where the user types the credentials of a profile, so " +
        "they never pass through the chat; stored encrypted on submit. A client with URL elicitation is asked to open it " +
        "(no url returned); otherwise give the user url (single use, until expires_at).")]
    public async Task<CredentialsEntryRequested> RequestCredentialsEntry(
        [RegularExpression(ArgumentRules.UuidPattern)] string profile_id,
        McpServer server,
        CancellationToken cancellationToken = default)
    {
        var link = await entries.RequestCredentialsEntryAsync(profile_id, cancellationToken);
        var target = link.Target;
        var until = link.ExpiresAt.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

        // URL-mode elicitation (MCP 2025-11-25): the client shows the link to the user and opens it, so the model never
        // holds it. Only when the client declared that mode; any failure falls back to returning the link.
        if (server.ClientCapabilities?.Elicitation?.Url is not null)
        {
            try
            {
                var answer = await server.ElicitAsync(new ElicitRequestParams
                {
                    Mode = "url",
                    Url = link.Url.AbsoluteUri,
                    ElicitationId = link.LinkId,
                    Message = $"Type the {target.Platform} sign-in details of {target.Username} into a private page of the Creator Profiles " +
                        $"server. They are encrypted and stored there, and never shown to the assistant. The link works once, until {until} UTC.",
                }, cancellationToken);

                if (answer.IsAccepted)
                {
                    _ = NotifyWhenStoredAsync(server, link);
                    return new CredentialsEntryRequested(target.ProfileId, target.Platform, null, link.ExpiresAt, "elicitation",
                        $"Your client was asked to open the credentials page for the user and they accepted, so the link is not included " +
                        $"here: it does not pass through the model. The user types the {target.Platform} credentials of this profile " +
                        $"on that page; it works once, until {until} UTC. When they say they are done, check with get_credentials_status " +
                        "(verify=true). Never ask them to paste credentials into the chat.", target);
                }

                entries.Cancel(link, CredentialsEntryCloseReason.Declined);
                return new CredentialsEntryRequested(target.ProfileId, target.Platform, null, null, "declined",
                    $"The user {(answer.Action == "decline" ? "declined" : "dismissed")} opening the credentials page, so the link was " +
                    "cancelled and nothing was stored. Call request_credentials_entry again if they change their mind.", target);
            }
            catch (Exception e) when (e is McpException or InvalidOperationException or ArgumentException)
            {
                logger.LogWarning("request_credentials_entry: the client declared URL elicitation but the request failed ({ExceptionType}); returning the link instead",
                    e.GetType().Name);
            }
        }

        return new CredentialsEntryRequested(target.ProfileId, target.Platform, link.Url.AbsoluteUri, link.ExpiresAt, "url",
            $"Give the user `url` to open in their browser on this machine. There they type the {target.Platform} credentials of " +
            $"this profile; the values never reach this chat. The link works once, until {until} UTC. When they say they are " +
            "done, check with get_credentials_status (verify=true). Never ask them to paste credentials into the chat.", target);
    }

    /// <summary>Tells the client that the out-of-band step it opened is finished (notifications/elicitation/complete).</summary>
    private async Task NotifyWhenStoredAsync(McpServer server, CredentialsEntryLink link)
    {
        try
        {
            await entries.WhenStoredAsync(link);
            await server.SendNotificationAsync(NotificationMethods.ElicitationCompleteNotification,
                new ElicitationCompleteNotificationParams { ElicitationId = link.LinkId }, cancellationToken: CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            // The link closed without a submission (expired, replaced): nothing completed.
        }
        catch (Exception e)
        {
            logger.LogDebug("request_credentials_entry: could not notify the client of completion ({ExceptionType})", e.GetType().Name);
        }
    }
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
