using CreatorProfiles.Mcp.Tools;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.CallPipeline;

/// <summary>
/// The request filter pipelines of every method that does work for a caller, built here and only here. Each filter
/// wraps the ones added after it, so the order below is the order a request passes through them: audited first (so
/// refusals are audited too), then counted against the caller's budget (HTTP mode), then the method's own checks.
/// The caller comes from <see cref="Domain.Callers.ICallerAccessor"/>; costs are in <see cref="MethodCosts"/>.
/// </summary>
internal static class RequestPipeline
{
    public static IMcpServerBuilder WithRequestPipeline(this IMcpServerBuilder builder, bool rateLimited)
    {
        builder.WithRequestFilters(filters =>
        {
            // tools/call
            filters.AddCallToolFilter(ToolCallFilters.Audit);
            if (rateLimited)
            {
                filters.AddCallToolFilter(ToolCallFilters.RateLimit);
            }

            filters.AddCallToolFilter(ToolAvailability.Filter);
            filters.AddCallToolFilter(ToolErrorFilter.Wrap);
            filters.AddCallToolFilter(UntrustedResults.Filter);

            // resources/read
            filters.AddReadResourceFilter(MethodFilters.Audit<ReadResourceRequestParams, ReadResourceResult>(MethodCosts.ReadAction, p => p?.Uri));
            if (rateLimited)
            {
                filters.AddReadResourceFilter(MethodFilters.RateLimit<ReadResourceRequestParams, ReadResourceResult>(MethodCosts.ReadAction, _ => MethodCosts.Read));
            }

            // resources/subscribe
            filters.AddSubscribeToResourcesFilter(MethodFilters.Audit<SubscribeRequestParams, EmptyResult>(MethodCosts.SubscribeAction, p => p?.Uri));
            if (rateLimited)
            {
                filters.AddSubscribeToResourcesFilter(MethodFilters.RateLimit<SubscribeRequestParams, EmptyResult>(MethodCosts.SubscribeAction, _ => MethodCosts.Subscribe));
            }

            // resources/unsubscribe: audited only; ending a subscription costs nothing
            filters.AddUnsubscribeFromResourcesFilter(MethodFilters.Audit<UnsubscribeRequestParams, EmptyResult>(MethodCosts.UnsubscribeAction, p => p?.Uri));
        });

        // subscriptions/listen: the SDK has no request filter for it, so its handler is wrapped the same way, in the
        // same order, once every handler is registered. The cap on URIs and open streams is the handler's own.
        builder.Services.PostConfigure<McpServerOptions>(options =>
        {
            if (options.Handlers.SubscriptionsListenHandler is not { } listen)
            {
                return;
            }

            if (rateLimited)
            {
                listen = MethodFilters.RateLimit<SubscriptionsListenRequestParams, EmptyResult>(MethodCosts.ListenAction, MethodCosts.Listen)(listen);
            }

            options.Handlers.SubscriptionsListenHandler = MethodFilters.Audit<SubscriptionsListenRequestParams, EmptyResult>(MethodCosts.ListenAction, _ => null)(listen);
        });
        return builder;
    }
}
