using System.Text.Json.Serialization;
using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.Tools;

namespace CreatorProfiles.Mcp.Http;

/// <summary>How HTTP callers authenticate (<c>--auth</c>).</summary>
internal enum HttpAuthMode
{
    /// <summary>The caller's own Directus token identifies the caller (the default; for local use).</summary>
    DirectusToken,

    /// <summary>An OAuth 2.1 resource server: access tokens from an OpenID provider, issued for PUBLIC_URL/mcp.</summary>
    OAuth,
}

/// <summary>
/// <c>--auth oauth</c> (docs/deployment.md): the protected resource this server is (RFC 9728), what its tokens must
/// say, and the challenge headers it answers with. The canonical resource is PUBLIC_URL/mcp; its metadata document is
/// served at /.well-known/oauth-protected-resource and at the path-suffixed /.well-known/oauth-protected-resource/mcp.
/// </summary>
internal sealed record OAuthResourceServer(string Resource, string MetadataUrl, string Authority, string Audience, string UserClaim)
{
    public const string MetadataPath = "/.well-known/oauth-protected-resource";

    public static OAuthResourceServer Create(ServerSettings settings)
    {
        var origin = settings.PublicUrl!.GetLeftPart(UriPartial.Authority);
        var resource = origin + "/mcp";
        return new OAuthResourceServer(resource, origin + MetadataPath + "/mcp", settings.OAuthAuthority!,
            settings.OAuthAudience ?? resource, settings.OAuthUserClaim);
    }

    /// <summary>What is missing or contradictory for <paramref name="mode"/>, one line per problem (exit 2).</summary>
    public static IEnumerable<string> Problems(ServerSettings settings, HttpAuthMode mode, bool noAuth)
    {
        if (mode == HttpAuthMode.OAuth)
        {
            if (noAuth)
            {
                yield return "--no-auth contradicts --auth oauth: choose one.";
            }

            if (settings.PublicUrl is null)
            {
                yield return $"--auth oauth needs {ServerSettings.PublicUrlVariable}, the server's public origin such as https://mcp.example.com (the protected resource is PUBLIC_URL/mcp).";
            }
            else if (settings.PublicUrl.Scheme == "http" && !settings.PublicUrl.IsLoopback)
            {
                yield return $"{ServerSettings.PublicUrlVariable} must use https with --auth oauth (plain http is only allowed for 127.0.0.1, [::1] or localhost).";
            }

            if (settings.OAuthAuthority is null)
            {
                yield return $"--auth oauth needs {ServerSettings.OAuthAuthorityVariable}, the OpenID provider's issuer URL such as https://login.example.com/realms/creators.";
            }

            yield break;
        }

        foreach (var variable in new[] { ServerSettings.OAuthAuthorityVariable, ServerSettings.OAuthAudienceVariable })
        {
            if (!string.IsNullOrWhiteSpace(variable == ServerSettings.OAuthAuthorityVariable ? settings.OAuthAuthority : settings.OAuthAudience))
            {
                yield return $"{variable} is set but --auth is directus-token, which ignores it: add --auth oauth, or unset {variable}.";
            }
        }
    }

    /// <summary>The RFC 9728 document.</summary>
    public ProtectedResourceMetadata Metadata => new(Resource, [Authority], ToolScopes.All, ["header"], "Creator Profiles MCP");

    /// <summary>401: where the metadata is and the scopes a person's client should ask for; error="invalid_token"
    /// when a token was sent (RFC 6750), whatever was wrong with it.</summary>
    public string UnauthorizedChallenge(bool tokenSent) =>
        $"Bearer resource_metadata=\"{MetadataUrl}\", scope=\"{string.Join(' ', ToolScopes.UserScopes)}\"" + (tokenSent ? ", error=\"invalid_token\"" : "");

    /// <summary>403: the one scope the request needed.</summary>
    public string InsufficientScopeChallenge(string scope) =>
        $"Bearer error=\"insufficient_scope\", scope=\"{scope}\", resource_metadata=\"{MetadataUrl}\"";

    /// <summary>The one body of every 401 in this mode, whatever the reason (the reason goes to the audit line).</summary>
    public string UnauthorizedBody =>
        $"Send an access token for {Resource} from {Authority} as 'Authorization: Bearer <token>' (metadata: {MetadataUrl}).\n";
}

/// <summary>RFC 9728 section 2 (the fields this server has).</summary>
internal sealed record ProtectedResourceMetadata(
    [property: JsonPropertyName("resource")] string Resource,
    [property: JsonPropertyName("authorization_servers")] IReadOnlyList<string> AuthorizationServers,
    [property: JsonPropertyName("scopes_supported")] IReadOnlyList<string> ScopesSupported,
    [property: JsonPropertyName("bearer_methods_supported")] IReadOnlyList<string> BearerMethodsSupported,
    [property: JsonPropertyName("resource_name")] string ResourceName);

[JsonSerializable(typeof(ProtectedResourceMetadata))]
internal sealed partial class OAuthJsonContext : JsonSerializerContext;
