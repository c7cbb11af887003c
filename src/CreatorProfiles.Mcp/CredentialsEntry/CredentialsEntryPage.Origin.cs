using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace CreatorProfiles.Mcp.CredentialsEntry;

/// <summary>Where a page request may come from: its own URL (<see cref="CredentialsEntrySite"/>), and for a POST its own origin.</summary>
internal sealed partial class CredentialsEntryPage
{
    /// <summary>
    /// Origin, when sent and not "null", must be this listener; Sec-Fetch-Site, when sent, must be same-origin. A
    /// browser posting this page's form sends <c>Origin: null</c> (the page's Referrer-Policy is no-referrer) with
    /// <c>Sec-Fetch-Site: same-origin</c>; a cross-site form sends its own origin or cross-site. Clients that send
    /// neither (curl, tests) still need the CSRF token and cookie.
    /// </summary>
    private bool IsSameOrigin(HttpContext context)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && origin != "null" && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && site.IsOwnOrigin(uri, context)))
        {
            return false;
        }

        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        return fetchSite.Length == 0 || fetchSite == "same-origin";
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
