using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using CreatorProfiles.Mcp.Domain.Validation;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// request_credentials_entry. A client that declared URL-mode elicitation is asked to open the page itself, so the model
/// never holds the link. That request is an input_required round trip (MCP 2026-07-28): the first call answers with
/// the elicitation and a sealed requestState, the client asks its user and calls again with the answer and the state.
/// The SDK drives the same round trip for older clients on a stateful session (it sends elicitation/create itself and
/// calls the tool again), so one path serves every client that can be asked; the others get the url to relay.
/// </summary>
public sealed partial class CredentialsTools
{
    /// <summary>The key of the one input request (the client answers under the same key).</summary>
    internal const string PageInput = "credentials_page";

    [McpServerTool(Name = "request_credentials_entry", Title = "Private credentials entry page",
        ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Makes a one-time page, served by this server, where the user types the credentials of a profile, so " +
        "they never pass through the chat; stored encrypted on submit. A client with URL elicitation is asked to open it " +
        "(no url returned); otherwise give the user url (single use, until expires_at).")]
    public async Task<CredentialsEntryRequested> RequestCredentialsEntry(
        [RegularExpression(ArgumentRules.UuidPattern)] string profile_id,
        McpServer server,
        RequestContext<CallToolRequestParams> context,
        CancellationToken cancellationToken = default)
    {
        if (context.Params?.RequestState is { } requestState)
        {
            var roundTrip = await entries.ResumeAsync(profile_id, requestState, cancellationToken);
            if (context.Params.InputResponses?.TryGetValue(PageInput, out var response) == true
                && response.Deserialize(InputResponse.ElicitResultJsonTypeInfo) is { } answer)
            {
                return await AnsweredAsync(server, roundTrip, answer);
            }

            // The retry lacks the answer: ask again with a new link, which replaces the one the state was for.
        }

        var link = await entries.RequestCredentialsEntryAsync(profile_id, cancellationToken);
        if (server.ClientCapabilities?.Elicitation?.Url is not null && server.IsMrtrSupported)
        {
            throw new InputRequiredException(
                new Dictionary<string, InputRequest> { [PageInput] = InputRequest.ForElicitation(OpenPageRequest(link)) },
                await entries.SealRequestStateAsync(link, cancellationToken));
        }

        return new CredentialsEntryRequested(link.Target.ProfileId, link.Target.Platform, link.Url.AbsoluteUri, link.ExpiresAt, "url",
            $"Give the user `url` to open in their browser on this machine. There they type the {link.Target.Platform} credentials of " +
            $"this profile; the values never reach this chat. The link works once, until {Clock(link.ExpiresAt)} UTC. When they say they are " +
            "done, check with get_credentials_status (verify=true). Never ask them to paste credentials into the chat.", link.Target);
    }

    private static ElicitRequestParams OpenPageRequest(CredentialsEntryLink link) => new()
    {
        Mode = "url",
        Url = link.Url.AbsoluteUri,
        ElicitationId = link.LinkId, // 2025-11-25 clients correlate notifications/elicitation/complete with it
        Message = $"Type the {link.Target.Platform} sign-in details of {link.Target.Username} into a private page of the Creator Profiles " +
            $"server. They are encrypted and stored there, and never shown to the assistant. The link works once, until {Clock(link.ExpiresAt)} UTC.",
    };

    private async Task<CredentialsEntryRequested> AnsweredAsync(McpServer server, CredentialsEntryRoundTrip roundTrip, ElicitResult answer)
    {
        var target = roundTrip.Target;
        if (answer.IsAccepted)
        {
            _ = NotifyWhenStoredAsync(server, roundTrip.LinkId);
            return new CredentialsEntryRequested(target.ProfileId, target.Platform, null, roundTrip.ExpiresAt, "elicitation",
                $"Your client was asked to open the credentials page for the user and they accepted, so the link is not included " +
                $"here: it does not pass through the model. The user types the {target.Platform} credentials of this profile " +
                $"on that page; it works once, until {Clock(roundTrip.ExpiresAt)} UTC. When they say they are done, check with get_credentials_status " +
                "(verify=true). Never ask them to paste credentials into the chat.", target);
        }

        await entries.CancelAsync(roundTrip.LinkId, CredentialsEntryCloseReason.Declined, CancellationToken.None);
        return new CredentialsEntryRequested(target.ProfileId, target.Platform, null, null, "declined",
            $"The user {(answer.Action == "decline" ? "declined" : "dismissed")} opening the credentials page, so the link was " +
            "cancelled and nothing was stored. Call request_credentials_entry again if they change their mind.", target);
    }

    /// <summary>Tells a client on a session that the out-of-band step it opened is finished (notifications/elicitation/complete).
    /// A stateless client has no channel for it: the send fails and is only logged.</summary>
    private async Task NotifyWhenStoredAsync(McpServer server, string linkId)
    {
        try
        {
            await entries.WhenStoredAsync(linkId);
            await server.SendNotificationAsync(NotificationMethods.ElicitationCompleteNotification,
                new ElicitationCompleteNotificationParams { ElicitationId = linkId }, cancellationToken: CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            // The link closed without a submission (expired, replaced, or minted on another replica): nothing completed.
        }
        catch (Exception e)
        {
            logger.LogDebug("request_credentials_entry: could not notify the client of completion ({ExceptionType})", e.GetType().Name);
        }
    }

    private static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}
