using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Auditing;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Scrapes;
using CreatorProfiles.Mcp.Domain.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// Subscriptions to <c>creatorprofiles://profiles/{id}</c>: resources/subscribe and resources/unsubscribe (protocol
/// revisions with the initialize handshake, i.e. today's common clients) and subscriptions/listen with
/// resourceSubscriptions (2026-07-28, which removed resources/subscribe). A subscription is accepted only for a profile
/// the caller may see (the same "not found" as get_creator_profile otherwise); <see cref="ProfileSubscriptions"/> then
/// polls it and sends notifications/resources/updated when it changes.
/// </summary>
internal static class ProfileSubscriptionHandlers
{
    public static IMcpServerBuilder WithProfileSubscriptions(this IMcpServerBuilder builder)
    {
        builder.Services.TryAddSingleton<ProfileSubscriptions>();
        builder.Services.TryAddSingleton<ListenLimits>();
        builder.WithSubscribeToResourcesHandler(SubscribeAsync);
        builder.WithUnsubscribeFromResourcesHandler(UnsubscribeAsync);
        builder.Services.Configure<McpServerOptions>(options => options.Handlers.SubscriptionsListenHandler = ListenAsync);
        return builder;
    }

    private static async ValueTask<EmptyResult> SubscribeAsync(RequestContext<SubscribeRequestParams> request, CancellationToken cancellationToken)
    {
        var uri = request.Params?.Uri;
        var profileId = ProfileIdOrThrow(uri);
        var services = request.Services ?? throw new McpException("The server cannot take subscriptions right now.");
        string state;
        try
        {
            state = await services.GetRequiredService<ProfileWatchService>().WatchStateAsync(profileId, cancellationToken);
        }
        catch (DomainException e)
        {
            throw new McpException(e.Message); // written for the reader: not found (or not yours), Directus unavailable, ...
        }

        var server = request.Server;
        services.GetRequiredService<ProfileSubscriptions>().Add(server, profileId, uri!, state, (updatedUri, token) =>
            server.SendNotificationAsync(
                NotificationMethods.ResourceUpdatedNotification,
                new ResourceUpdatedNotificationParams { Uri = updatedUri },
                McpJsonUtilities.DefaultOptions,
                token));
        return new EmptyResult();
    }

    private static ValueTask<EmptyResult> UnsubscribeAsync(RequestContext<UnsubscribeRequestParams> request, CancellationToken cancellationToken)
    {
        var profileId = ProfileIdOrThrow(request.Params?.Uri);
        request.Services?.GetRequiredService<ProfileSubscriptions>().Remove(request.Server, profileId);
        return ValueTask.FromResult(new EmptyResult());
    }

    /// <summary>
    /// subscriptions/listen (SEP-2575): at most <see cref="ListenLimits.MaxUris"/> distinct URIs per request and
    /// <see cref="ListenLimits.MaxOpenStreamsPerCaller"/> open streams per caller; acknowledges the profile URIs it will
    /// watch (visible profiles only, checked in one Directus request; list-changed
    /// notifications are not offered, the lists never change at run time), then streams notifications/resources/updated
    /// tagged with the listen request's id until the client cancels the request.
    /// </summary>
    private static async ValueTask<EmptyResult> ListenAsync(RequestContext<SubscriptionsListenRequestParams> request, CancellationToken cancellationToken)
    {
        var services = request.Services ?? throw new McpException("The server cannot take subscriptions right now.");
        var requested = ListenLimits.DistinctWithinCap(request.Params?.Notifications?.ResourceSubscriptions);
        var caller = await services.GetRequiredService<ICallerAccessor>().GetCallerAsync(cancellationToken);
        using var stream = services.GetRequiredService<ListenLimits>().Open(caller.UserId);
        var profileUris = requested
            .Select(uri => (Uri: uri, ProfileId: ProfileResources.ProfileIdFromUri(uri)))
            .Where(u => u.ProfileId is not null) // not granted: the acknowledgement lists only what will be delivered
            .ToList();
        IReadOnlyDictionary<string, string> states;
        try
        {
            // One Directus request for up to 100 profiles; missing or another user's profiles are simply not granted.
            states = await services.GetRequiredService<ProfileWatchService>().VisibleWatchStatesAsync(profileUris.Select(u => u.ProfileId!).ToList(), cancellationToken);
        }
        catch (DomainException e)
        {
            throw new McpException(e.Message); // written for the reader: Directus unavailable, ...
        }

        var watched = profileUris
            .Where(u => states.ContainsKey(u.ProfileId!))
            .Select(u => (u.Uri, ProfileId: u.ProfileId!, State: states[u.ProfileId!]))
            .ToList();

        var server = request.Server;
        var subscriptionId = request.JsonRpcRequest.Id.Id switch
        {
            string text => JsonValue.Create(text),
            long number => (JsonNode?)JsonValue.Create(number),
            _ => null,
        };
        // request.Server is bound to this request: what it sends travels on the listen request's own stream.
        Task SendAsync(string method, JsonObject parameters, CancellationToken token)
        {
            parameters["_meta"] = new JsonObject { [MetaKeys.SubscriptionId] = subscriptionId?.DeepClone() };
            return server.SendMessageAsync(new JsonRpcNotification { Method = method, Params = parameters }, token);
        }

        var granted = new SubscriptionsListenNotifications { ResourceSubscriptions = watched.Count == 0 ? null : watched.Select(w => w.Uri).ToList() };
        var acknowledgement = JsonSerializer.SerializeToNode(
            new SubscriptionsAcknowledgedNotificationParams { Notifications = granted },
            McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(SubscriptionsAcknowledgedNotificationParams)))!.AsObject();
        await SendAsync(NotificationMethods.SubscriptionsAcknowledgedNotification, acknowledgement, cancellationToken);
        await AuditFacts.RecordStreamOpenedAsync([.. watched.Select(w => w.ProfileId)]);

        var subscriptions = services.GetRequiredService<ProfileSubscriptions>();
        var subscriber = new object(); // this stream
        foreach (var (uri, profileId, state) in watched)
        {
            subscriptions.Add(subscriber, profileId, uri, state, (updatedUri, token) =>
                SendAsync(NotificationMethods.ResourceUpdatedNotification, new JsonObject { ["uri"] = updatedUri }, token));
        }

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken); // until the client cancels the listen request
        }
        catch (OperationCanceledException)
        {
            // The client ended the subscription (notifications/cancelled on stdio, disconnect on HTTP).
        }
        finally
        {
            subscriptions.RemoveAll(subscriber);
        }

        return new EmptyResult();
    }

    private static string ProfileIdOrThrow(string? uri) =>
        ProfileResources.ProfileIdFromUri(uri)
        ?? throw new McpProtocolException(
            $"Invalid 'uri': {ArgumentRules.Quote(uri)}. Allowed: {ProfileResources.ProfileUriTemplate} with a profile id (only creator profiles can be subscribed).",
            McpErrorCode.InvalidParams);
}
