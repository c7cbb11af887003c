using System.Security.Claims;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Tools;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Http;

/// <summary>
/// <c>--auth oauth</c>: access tokens are JWTs from the provider at OAUTH_AUTHORITY, validated by the ASP.NET Core
/// JWT bearer handler against its discovery document and keys: the issuer exactly, the audience (the canonical
/// resource unless OAUTH_AUDIENCE says otherwise), the lifetime with <see cref="ClockSkew"/> of leeway, a signature by
/// one of the provider's keys with an allowed algorithm (never none or HS*). The caller is the Directus user the
/// token's claim names (<see cref="OAuthBearerEvents"/>); its scopes decide what it may do (<see cref="OAuthScopeGate"/>
/// and <see cref="HideToolsOutOfScope"/>).
/// </summary>
internal static class OAuthBearer
{
    public const string SchemeName = "OAuthBearer";

    /// <summary>The claim type each granted scope becomes on the principal, one claim per scope.</summary>
    public const string ScopeClaim = "scope";

    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>Asymmetric algorithms only: a symmetric (HS*) token would be signed with a secret the provider shares
    /// with someone, and an unsigned one with nothing.</summary>
    public static IReadOnlyList<string> AllowedAlgorithms { get; } =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSsaPssSha256];

    public static void AddOAuthBearer(this IServiceCollection services, OAuthResourceServer server)
    {
        services.AddSingleton(server);
        services.AddSingleton<ExternalIdentityResolver>();
        services.AddSingleton<OAuthBearerEvents>();
        services.AddSingleton<OAuthScopeGate>();
        services.AddAuthentication(SchemeName).AddJwtBearer(SchemeName, jwt =>
        {
            jwt.Authority = server.Authority;
            jwt.RequireHttpsMetadata = !new Uri(server.Authority).IsLoopback;
            jwt.MapInboundClaims = false; // keep the JWT's own claim names (sub, email, scope)
            jwt.EventsType = typeof(OAuthBearerEvents);
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = server.Authority,
                ValidAudience = server.Audience,
                ValidAlgorithms = AllowedAlgorithms,
                ClockSkew = ClockSkew,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidateIssuerSigningKey = true,
            };
        });
        services.Configure<McpServerOptions>(mcp => mcp.Filters.Request.ListToolsFilters.Add(HideToolsOutOfScope));
        // After the host's pipeline (so inside its audit): a second check for a call that reached the server without
        // passing the gate's reading of the HTTP body.
        services.PostConfigure<McpServerOptions>(mcp => mcp.Filters.Request.CallToolFilters.Add(RefuseToolsOutOfScope));
    }

    /// <summary>The metadata document, at the origin's well-known path and the path-suffixed one for /mcp.</summary>
    public static void MapProtectedResourceMetadata(this IEndpointRouteBuilder endpoints, OAuthResourceServer server)
    {
        var metadata = server.Metadata;
        RequestDelegate serve = context => context.Response.WriteAsJsonAsync(metadata, OAuthJsonContext.Default.ProtectedResourceMetadata);
        endpoints.MapGet(OAuthResourceServer.MetadataPath, serve);
        endpoints.MapGet(OAuthResourceServer.MetadataPath + "/mcp", serve);
    }

    /// <summary>The scopes granted to the caller of an OAuth request; null for any other principal (--auth
    /// directus-token: every tool, as the catalogue allows).</summary>
    public static IReadOnlySet<string>? GrantedScopes(ClaimsPrincipal? principal) =>
        principal?.Identities.FirstOrDefault(identity => identity.AuthenticationType == SchemeName) is { } oauth
            ? oauth.FindAll(ScopeClaim).Select(claim => claim.Value).ToHashSet(StringComparer.Ordinal)
            : null;

    internal static McpRequestHandler<CallToolRequestParams, CallToolResult> RefuseToolsOutOfScope(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        (request, cancellationToken) =>
            request.MatchedPrimitive is McpServerTool tool && ToolScopes.For(tool) is var scope
            && GrantedScopes(request.User) is { } granted && !granted.Contains(scope)
                ? ValueTask.FromResult(new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = ToolScopes.Refusal($"Tool '{tool.ProtocolTool.Name}'", scope) }] })
                : next(request, cancellationToken);

    /// <summary>tools/list shows only the tools the token's scopes open (a call to another is answered 403 by
    /// <see cref="OAuthScopeGate"/> before it reaches the server).</summary>
    private static McpRequestHandler<ListToolsRequestParams, ListToolsResult> HideToolsOutOfScope(McpRequestHandler<ListToolsRequestParams, ListToolsResult> next) =>
        async (request, cancellationToken) =>
        {
            var result = await next(request, cancellationToken);
            var granted = GrantedScopes(request.User) ?? new HashSet<string>();
            var tools = request.Server.ServerOptions.ToolCollection;
            result.Tools = result.Tools
                .Where(tool => tools is not null && tools.TryGetPrimitive(tool.Name, out var primitive) && granted.Contains(ToolScopes.For(primitive)))
                .ToList();
            return result;
        };
}
