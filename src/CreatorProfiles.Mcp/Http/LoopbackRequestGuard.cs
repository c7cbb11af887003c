using System.Net;
using Microsoft.AspNetCore.Http;

namespace CreatorProfiles.Mcp.Http;

/// <summary>
/// DNS-rebinding protection while bound to loopback (MCP transport spec): a web page the user visits can make the
/// browser send requests to 127.0.0.1 under a hostname the attacker controls. Such requests carry that foreign
/// name in Host (and, from a page, in Origin); both must name a loopback host, else 403 before anything runs.
/// </summary>
internal sealed class LoopbackRequestGuard : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (!IsLoopbackName(context.Request.Host.Host)
            || (origin.Length > 0 && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && IsLoopbackName(uri.Host))))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("This server is bound to loopback and only answers requests addressed to localhost, 127.0.0.1 or [::1].\n");
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
}
