using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CreatorProfiles.Mcp.CredentialsEntry;

/// <summary>Where a page request may come from: its own loopback URL, and for a POST its own origin.</summary>
internal sealed partial class CredentialsEntryPage
{
    private static bool IsOwnHost(HostString host, int port) =>
        host.Port == port && (host.Host == "127.0.0.1" || host.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Origin, when sent and not "null", must be this listener; Sec-Fetch-Site, when sent, must be same-origin. A
    /// browser posting this page's form sends <c>Origin: null</c> (the page's Referrer-Policy is no-referrer) with
    /// <c>Sec-Fetch-Site: same-origin</c>; a cross-site form sends its own origin or cross-site. Clients that send
    /// neither (curl, tests) still need the CSRF token and cookie.
    /// </summary>
    private static bool IsSameOrigin(HttpRequest request, int port)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && origin != "null")
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.Port != port
                || !(uri.Host == "127.0.0.1" || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) || uri.AbsolutePath != "/")
            {
                return false;
            }
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        return site.Length == 0 || site == "same-origin";
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
