using Microsoft.AspNetCore.Http;

namespace CreatorProfiles.Mcp.CredentialsEntry;

/// <summary>
/// The one address the entry page answers at. Loopback (stdio's listener, or an HTTP server bound to loopback without
/// PUBLIC_URL): 127.0.0.1 or localhost on the port the request came in on. Public (an HTTP server with PUBLIC_URL): that
/// origin's host name, and its port unless a proxy sits in front (proxies commonly forward the public Host without the
/// port). Links are always built from this address, never from a request's Host header.
/// </summary>
internal sealed class CredentialsEntrySite
{
    private CredentialsEntrySite(Uri? publicUrl, bool behindProxy)
    {
        PublicUrl = publicUrl;
        BehindProxy = behindProxy;
    }

    public static CredentialsEntrySite Loopback { get; } = new(null, behindProxy: false);

    /// <summary>The page at <paramref name="publicUrl"/> (an origin without path); null: loopback.</summary>
    public static CredentialsEntrySite For(Uri? publicUrl, bool behindProxy) => publicUrl is null ? Loopback : new(publicUrl, behindProxy);

    public Uri? PublicUrl { get; }

    public bool BehindProxy { get; }

    /// <summary>The base a link's token is appended to, when it does not depend on the bound port.</summary>
    public Uri? PublicBase => PublicUrl is null ? null : new Uri(PublicUrl, CredentialsEntryPage.PathPrefix);

    /// <summary>Whether the request's Host names this page (anything else is DNS rebinding or a misrouted request).</summary>
    public bool IsOwnHost(HttpContext context)
    {
        var host = context.Request.Host;
        if (PublicUrl is null)
        {
            return host.Port == context.Connection.LocalPort && IsLoopbackName(host.Host);
        }

        return string.Equals(host.Host, PublicUrl.IdnHost, StringComparison.OrdinalIgnoreCase)
            && (BehindProxy ? host.Port is null || host.Port == PublicUrl.Port : (host.Port ?? DefaultPort(context.Request.Scheme)) == PublicUrl.Port);
    }

    /// <summary>Whether a browser Origin (a parsed absolute URL) is this page's own origin.</summary>
    public bool IsOwnOrigin(Uri origin, HttpContext context) =>
        origin.AbsolutePath == "/" && (PublicUrl is null
            ? origin.Scheme == Uri.UriSchemeHttp && origin.Port == context.Connection.LocalPort && IsLoopbackName(origin.Host)
            : origin.Scheme == PublicUrl.Scheme && origin.Port == PublicUrl.Port
                && string.Equals(origin.IdnHost, PublicUrl.IdnHost, StringComparison.OrdinalIgnoreCase));

    private static bool IsLoopbackName(string host) => host == "127.0.0.1" || host.Equals("localhost", StringComparison.OrdinalIgnoreCase);

    private static int DefaultPort(string scheme) => scheme == "https" ? 443 : 80;
}
