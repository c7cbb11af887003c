using CreatorProfiles.Mcp.Tools;
using ModelContextProtocol.Protocol;

namespace CreatorProfiles.Mcp.CallPipeline;

/// <summary>
/// What each method takes from the caller's general bucket (RATE_LIMIT_TOOL_CALLS_PER_MINUTE) and how the audit line
/// names it. A tool call, a resources/read and a resources/subscribe cost one call each; a subscriptions/listen costs
/// one call per started <see cref="ListenUrisPerCall"/> distinct URIs (1 to 10 for the 1 to 100 it may name; a request
/// over the cap is charged the full 10 and refused), because a watched profile is polled for as long as the stream is
/// open, but in batches of 100 per Directus request.
/// </summary>
internal static class MethodCosts
{
    public const string ReadAction = "resource:read";
    public const string SubscribeAction = "resource:subscribe";
    public const string UnsubscribeAction = "resource:unsubscribe";
    public const string ListenAction = "subscriptions:listen";

    public const int Read = 1;
    public const int Subscribe = 1;
    public const int ListenUrisPerCall = 10;

    public static int Listen(SubscriptionsListenRequestParams? parameters)
    {
        var distinct = ListenLimits.Distinct(parameters?.Notifications?.ResourceSubscriptions).Count;
        return Math.Clamp((distinct + ListenUrisPerCall - 1) / ListenUrisPerCall, 1, ListenLimits.MaxUris / ListenUrisPerCall);
    }
}
