using Microsoft.Extensions.Configuration;

namespace CreatorProfiles.Mcp.Configuration;

/// <summary>
/// The OAuth resource server's variables (<c>--auth oauth</c>, docs/deployment.md). Each is checked for its own shape
/// here; whether the set is complete for the chosen auth mode is <see cref="Http.OAuthResourceServer.Problems"/>'s job,
/// since only the command line says which mode runs.
/// </summary>
public sealed partial class ServerSettings
{
    public const string PublicUrlVariable = "PUBLIC_URL";
    public const string OAuthAuthorityVariable = "OAUTH_AUTHORITY";
    public const string OAuthAudienceVariable = "OAUTH_AUDIENCE";
    public const string OAuthUserClaimVariable = "OAUTH_USER_CLAIM";

    /// <summary>The claims a token's user can be matched by: the provider's subject (Directus fills
    /// external_identifier with it on SSO sign-in) or the e-mail address.</summary>
    public static IReadOnlyList<string> OAuthUserClaims { get; } = ["sub", "oid", "email"];

    /// <summary>PUBLIC_URL: the server's public origin; the canonical resource is PUBLIC_URL/mcp, and the credentials
    /// entry page is served at PUBLIC_URL/credentials-entry/.</summary>
    public Uri? PublicUrl { get; private set; }

    /// <summary>OAUTH_AUTHORITY: the OpenID provider's issuer, exactly as its tokens name it.</summary>
    public string? OAuthAuthority { get; private set; }

    /// <summary>OAUTH_AUDIENCE: the audience tokens must carry; null means the canonical resource.</summary>
    public string? OAuthAudience { get; private set; }

    /// <summary>OAUTH_USER_CLAIM: sub or oid (matched to directus_users.external_identifier) or email.</summary>
    public string OAuthUserClaim { get; private set; } = "sub";

    private void ReadPublicUrl(IConfiguration configuration)
    {
        // Plain http off loopback is refused for --auth oauth by OAuthResourceServer.Problems; directus-token mode
        // allows it (a private network, a proxy test) and says so at start-up.
        if (ReadHttpUrl(configuration, PublicUrlVariable, "https://mcp.example.com", requireHttpsOffLoopback: false) is not { } uri)
        {
            return;
        }

        if (uri.AbsolutePath != "/")
        {
            _errors.Add($"{PublicUrlVariable} must be an origin without a path such as https://mcp.example.com: the MCP endpoint is PUBLIC_URL/mcp and the metadata is served at the origin's /.well-known/.");
            return;
        }

        PublicUrl = uri;
    }

    private void ReadOAuthAuthority(IConfiguration configuration)
    {
        // Kept as written: the issuer is compared character for character (a trailing slash matters).
        if (ReadHttpUrl(configuration, OAuthAuthorityVariable, "https://login.example.com/realms/creators") is not null)
        {
            OAuthAuthority = configuration[OAuthAuthorityVariable]!.Trim();
        }
    }

    private void ReadOAuthAudience(IConfiguration configuration)
    {
        var text = configuration[OAuthAudienceVariable];
        OAuthAudience = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private void ReadOAuthUserClaim(IConfiguration configuration)
    {
        var text = configuration[OAuthUserClaimVariable];
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        if (OAuthUserClaims.Contains(text.Trim(), StringComparer.Ordinal))
        {
            OAuthUserClaim = text.Trim();
        }
        else
        {
            _errors.Add($"{OAuthUserClaimVariable} is not one of {string.Join(", ", OAuthUserClaims)} (sub or oid matches directus_users.external_identifier, email the user's e-mail address).");
        }
    }

    /// <summary>An absolute http(s) URL without query, fragment or user info; https unless the host is loopback
    /// (OAuth 2.1 allows plain http only there).</summary>
    private Uri? ReadHttpUrl(IConfiguration configuration, string variable, string example, bool requireHttpsOffLoopback = true)
    {
        var text = configuration[variable];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            _errors.Add($"{variable} is not an http(s) URL without query or fragment such as {example}.");
            return null;
        }

        if (requireHttpsOffLoopback && uri.Scheme == "http" && !uri.IsLoopback)
        {
            _errors.Add($"{variable} must use https (plain http is only allowed for 127.0.0.1, [::1] or localhost).");
            return null;
        }

        return uri;
    }
}
