using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// The cache hints of protocol revision 2026-07-28 (<c>ttlMs</c>, <c>cacheScope</c>) on every cacheable result, set
/// here rather than left to the SDK's defaults so the choice is explicit. Always <c>private</c>: what a caller sees
/// depends on who it is (its profiles, its OAuth scopes, whether its host shows MCP Apps), so no shared cache may
/// serve it to anyone else. The catalogues (tools, prompts, resource templates) only change with a new server
/// version or a new token, so clients may keep them for <see cref="CatalogTimeToLive"/>; profiles change at any
/// moment (scrapes, edits), so their list and contents are stale at once and clients rely on subscriptions.
/// </summary>
internal static class CacheHints
{
    public static readonly TimeSpan CatalogTimeToLive = TimeSpan.FromMinutes(5);

    public static McpRequestHandler<TParams, TResult> Catalog<TParams, TResult>(McpRequestHandler<TParams, TResult> next)
        where TResult : ICacheableResult =>
        WithHints(next, CatalogTimeToLive);

    public static McpRequestHandler<TParams, TResult> LiveData<TParams, TResult>(McpRequestHandler<TParams, TResult> next)
        where TResult : ICacheableResult =>
        WithHints(next, TimeSpan.Zero);

    private static McpRequestHandler<TParams, TResult> WithHints<TParams, TResult>(McpRequestHandler<TParams, TResult> next, TimeSpan timeToLive)
        where TResult : ICacheableResult =>
        async (request, cancellationToken) =>
        {
            var result = await next(request, cancellationToken);
            result.CacheScope = CacheScope.Private;
            result.TimeToLive = timeToLive;
            return result;
        };
}
