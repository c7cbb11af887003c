using System.Net;
using CreatorProfiles.Mcp.CredentialsEntry;
using Microsoft.AspNetCore.Http;

namespace CreatorProfiles.Mcp.Http;

/// <summary>
/// Every request's Host must name this server and its Origin, when a browser sends one, must be this server's own
/// origin or one of --allowed-origins, compared by scheme, host and port; else 403 before anything runs. Against DNS
/// rebinding (a page under the attacker's name made to reach this server, MCP transport spec) and against any other
/// site, including another port of the same host, driving a browser at it. The one exception: <c>Origin: null</c> on
/// the credentials entry page, which its own form sends and which the page checks itself. Host is one of --allowed-hosts, or
/// without that list (loopback binds only) a loopback name; /healthz and /readyz answer whatever the Host.
/// </summary>
internal sealed class RequestOriginGuard(HttpServerOptions options) : IMiddleware
{
    private readonly HashSet<string> _allowedOrigins = [.. options.AllowedOrigins.Select(NormalizeOrigin).OfType<string>()];

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (!(IsAllowedHost(context.Request.Host.Host) || IsProbe(context.Request.Path))
            || (origin.Length > 0 && !IsAllowedOrigin(origin, context.Request) && !IsOpaqueOriginOnEntryPage(origin, context.Request.Path)))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync(options.AllowedHosts.Count == 0
                ? "This server is bound to loopback and only answers requests addressed to localhost, 127.0.0.1 or [::1], from its own origin.\n"
                : "This server only answers requests addressed to its allowed host names, from its own or an allowed origin.\n");
            return;
        }

        await next(context);
    }

    public static bool IsLoopbackName(string host)
    {
        var name = host.Trim('[', ']');
        return string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(name, out var address) && IPAddress.IsLoopback(address));
    }

    /// <summary>"scheme://host:port" in lower case with the port always written, or null when <paramref name="origin"/>
    /// is not an http(s) origin (a path, a query, "null").</summary>
    public static string? NormalizeOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            && uri.PathAndQuery == "/" && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
            ? $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}:{uri.Port}"
            : null;

    /// <summary>The credentials entry page's own form posts carry <c>Origin: null</c> (the page is served with
    /// Referrer-Policy: no-referrer); the page checks Sec-Fetch-Site and its SameSite=Strict CSRF cookie itself.</summary>
    private static bool IsOpaqueOriginOnEntryPage(string origin, PathString path) =>
        origin == "null" && path.StartsWithSegments(CredentialsEntryPage.PathPrefix.TrimEnd('/'));

    /// <summary>Health probes (a kubelet's Host is the pod's address) answer from any Host: they read no data.</summary>
    private static bool IsProbe(PathString path) => path == "/healthz" || path == "/readyz";

    private bool IsAllowedHost(string host) =>
        options.AllowedHosts.Count == 0
            ? IsLoopbackName(host)
            : options.AllowedHosts.Any(allowed => allowed.StartsWith("*.", StringComparison.Ordinal)
                ? host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase)
                : string.Equals(host, allowed, StringComparison.OrdinalIgnoreCase));

    /// <summary>The request's own origin is its scheme (the client's, behind a trusted proxy) and its Host.</summary>
    private bool IsAllowedOrigin(string origin, HttpRequest request) =>
        NormalizeOrigin(origin) is { } normalized
        && (_allowedOrigins.Contains(normalized) || normalized == NormalizeOrigin($"{request.Scheme}://{request.Host.Value}"));
}
