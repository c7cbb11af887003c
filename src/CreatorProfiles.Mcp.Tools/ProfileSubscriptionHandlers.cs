using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Scrapes;
using CreatorProfiles.Mcp.Domain.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// resources/subscribe and resources/unsubscribe for <c>creatorprofiles://profiles/{id}</c> (protocol revisions with
/// the initialize handshake, i.e. today's common clients). A subscription is accepted only for a profile the caller
/// may see (the same "not found" as get_creator_profile otherwise); <see cref="ProfileSubscriptions"/> then polls it
/// and sends notifications/resources/updated when it changes.
/// </summary>
internal static class ProfileSubscriptionHandlers
{
    public static IMcpServerBuilder WithProfileSubscriptions(this IMcpServerBuilder builder)
    {
        builder.Services.AddScrapeWorkflow();
        builder.Services.TryAddSingleton<ProfileSubscriptions>();
        builder.WithSubscribeToResourcesHandler(SubscribeAsync);
        builder.WithUnsubscribeFromResourcesHandler(UnsubscribeAsync);
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
            state = await services.GetRequiredService<ScrapeService>().WatchStateAsync(profileId, cancellationToken);
        }
        catch (Exception e) when (e is DomainException or DirectusException)
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

    private static string ProfileIdOrThrow(string? uri) =>
        ProfileWatch.ProfileIdFromUri(uri)
        ?? throw new McpException(
            $"Invalid 'uri': {ArgumentRules.Quote(uri)}. Allowed: {ProfileResources.ProfileUriTemplate} with a profile id (only creator profiles can be subscribed).");
}
