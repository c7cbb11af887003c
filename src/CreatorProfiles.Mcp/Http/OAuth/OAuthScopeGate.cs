using System.Diagnostics;
using System.Text.Json;
using CreatorProfiles.Mcp.CallPipeline;
using CreatorProfiles.Mcp.Tools;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Http;

/// <summary>
/// <c>--auth oauth</c>: a request whose token lacks the scope it needs is answered 403 with
/// <c>WWW-Authenticate: Bearer error="insufficient_scope", scope="..."</c> and a body naming that scope, before it
/// reaches the MCP server or a credential endpoint. What needs which scope: a tools/call the tool's scope
/// (<see cref="ToolScopes.For(McpServerTool)"/>, the same rule tools/list is filtered by), the resources, the prompt and
/// subscriptions/listen profiles:read, the encrypt endpoint credentials:write, the decrypt endpoint credentials:decrypt.
/// Everything else (initialize, lists, pings) needs only a valid token. Runs after authentication: an unauthenticated
/// request never gets here.
/// </summary>
internal sealed class OAuthScopeGate(OAuthResourceServer server, IOptions<McpServerOptions> mcp, AuditLog audit) : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (OAuthBearer.GrantedScopes(context.User) is not { } granted
            || await RequiredScopeAsync(context) is not { } required
            || granted.Contains(required.Scope))
        {
            await next(context);
            return;
        }

        var caller = DirectusBearerHandler.FromPrincipal(context.User)?.UserId ?? "unknown";
        audit.Write(AuditLine.ForHttp(context, caller, required.Action, "insufficient_scope:" + required.Scope), Stopwatch.GetTimestamp());
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.Headers.WWWAuthenticate = server.InsufficientScopeChallenge(required.Scope);
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(ToolScopes.Refusal(required.What, required.Scope) + "\n");
    }

    private sealed record Requirement(string Scope, string What, string Action);

    private async Task<Requirement?> RequiredScopeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.Equals(CredentialsEndpoints.EncryptPath, StringComparison.Ordinal))
        {
            return new Requirement(ToolScopes.CredentialsWrite, "POST " + CredentialsEndpoints.EncryptPath, "api:credentials/encrypt");
        }

        if (path.Equals(CredentialsEndpoints.DecryptPath, StringComparison.Ordinal))
        {
            return new Requirement(ToolScopes.CredentialsDecrypt, "POST " + CredentialsEndpoints.DecryptPath, "api:credentials/decrypt");
        }

        if (!HttpMethods.IsPost(context.Request.Method) || !path.StartsWithSegments("/mcp"))
        {
            return null;
        }

        // The JSON-RPC message, read once and rewound for the MCP server (the body is capped by Kestrel's limit).
        context.Request.EnableBuffering();
        string? method = null, toolName = null;
        try
        {
            using var message = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            if (message.RootElement.ValueKind == JsonValueKind.Object)
            {
                method = message.RootElement.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                toolName = message.RootElement.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object
                    && p.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the MCP server answers it with a parse error, and it does nothing.
        }
        finally
        {
            context.Request.Body.Position = 0;
        }

        return method switch
        {
            "tools/call" when toolName is not null && mcp.Value.ToolCollection?.TryGetPrimitive(toolName, out var tool) == true =>
                new Requirement(ToolScopes.For(tool), $"Tool '{toolName}'", "tool:" + toolName),
            "resources/read" => new Requirement(ToolScopes.ProfilesRead, method, MethodCosts.ReadAction),
            "resources/subscribe" => new Requirement(ToolScopes.ProfilesRead, method, MethodCosts.SubscribeAction),
            "subscriptions/listen" => new Requirement(ToolScopes.ProfilesRead, method, MethodCosts.ListenAction),
            "prompts/get" => new Requirement(ToolScopes.ProfilesRead, method, "prompt:get"),
            _ => null,
        };
    }
}
