using System.Threading.RateLimiting;
using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Hosting;
using CreatorProfiles.Mcp.CallPipeline;
using CreatorProfiles.Mcp.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Rewrite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Http;

/// <summary>
/// `--transport http` (docs/deployment.md): Streamable HTTP at /mcp, stateless unless asked otherwise so replicas
/// can run behind any load balancer; `--legacy-sse` adds the deprecated /sse + /message endpoints (stateful,
/// rate-limited). Callers authenticate with their own Directus token; the work is done with the service token and
/// ownership is enforced by the domain through <see cref="HttpCallerAccessor"/>. /healthz and /readyz need no token.
/// </summary>
internal static class HttpServer
{
    /// <summary>Requests the MCP endpoints accept: tool arguments are small (credentials are capped far below this).</summary>
    private const long MaxRequestBodyBytes = 1024 * 1024;

    public static async Task<int> RunAsync(ServerSettings settings, HttpServerOptions options, ToolCatalogOptions catalog, CancellationToken cancellationToken)
    {
        string? problem = null;
        using var certificate = options.CertificatePath is { } path ? ServerCertificate.Load(path, settings.CertificatePassword, out problem) : null;
        if (problem is not null)
        {
            await Console.Error.WriteLineAsync($"creator-profiles-mcp: {problem}");
            return 2;
        }

        // The addresses are --urls alone (docs/deployment.md): ASP.NET's own sources of binds are ignored, and said so.
        var builder = CommandLineBoundWebApplication.CreateBuilder();
        builder.Logging.AddStderrLogging();
        builder.WebHost.UseUrls([.. options.Urls]);
        if (certificate is not null)
        {
            builder.WebHost.UseKestrelHttpsConfiguration(); // the slim builder leaves https:// addresses out unless asked
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(2);
            kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
            kestrel.ConfigureEndpointDefaults(listen =>
                listen.Use(next => listen.ApplicationServices.GetRequiredService<ClientAddressLimits>().LimitConnections(next)));
        });

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton<ClientAddressLimits>();
        if (options.BehindProxy)
        {
            // Only the last X-Forwarded-For entry (ForwardLimit 1), and only from the proxies named (default loopback).
            services.Configure<ForwardedHeadersOptions>(forwarded =>
            {
                forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                forwarded.KnownProxies.Clear();
                forwarded.KnownIPNetworks.Clear();
                options.TrustedProxyNetworks().ToList().ForEach(forwarded.KnownIPNetworks.Add);
            });
        }

        services.AddHttpContextAccessor();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Add(SdkAnswersJsonContext.Default));
        services.AddSingleton<ICallerAccessor, HttpCallerAccessor>();
        services.AddCredentialsEntryPage(settings, options);
        services.AddSingleton<UnauthenticatedRateLimiter>();
        var oauth = options.Auth == HttpAuthMode.OAuth ? OAuthResourceServer.Create(settings) : null;
        if (oauth is not null)
        {
            services.AddOAuthBearer(oauth);
        }
        else
        {
            services.AddSingleton<CallerTokenValidator>();
            services.AddAuthentication(DirectusBearerHandler.SchemeName)
                .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, DirectusBearerHandler>(DirectusBearerHandler.SchemeName, null);
        }

        services.AddAuthorization();
        // Nothing here protects data with ASP.NET's keys (no cookies, no antiforgery): keep them in memory rather
        // than writing a key ring to the user's profile folder with a warning at every start.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddSingleton<RequestOriginGuard>();
        services.AddSingleton<ServiceTokenPrincipalMiddleware>();
        services.AddSingleton(provider => new LegacySseIdleTimeout(TimeSpan.FromSeconds(settings.LegacySseIdleTimeoutSeconds),
            TimeProvider.System, provider.GetRequiredService<ILogger<LegacySseIdleTimeout>>()));
        services.AddReadinessChecks(settings);

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = LegacySseLimiter(settings);
            limiter.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                return ValueTask.CompletedTask;
            };
        });

        services.AddCreatorProfilesMcpServer(settings, catalog, rateLimited: true)
            .WithHttpTransport(transport =>
            {
#pragma warning disable MCP9004, MCP9006 // the legacy transport and stateful sessions are deprecated by the spec, still used by clients
                transport.SessionMode = options.Stateful || options.LegacySse ? HttpServerSessionMode.Stateful : HttpServerSessionMode.Stateless;
                transport.EnableLegacySse = options.LegacySse;
#pragma warning restore MCP9004, MCP9006
                if (options.LegacySse)
                {
                    // The SDK's idle timeout skips SSE sessions: ours watches them (the only supported hook is experimental).
#pragma warning disable MCPEXP002
                    transport.RunSessionHandler = (context, server, token) =>
                        context.RequestServices.GetRequiredService<LegacySseIdleTimeout>().RunSessionAsync(context, server, token);
#pragma warning restore MCPEXP002
                }
            });

        if (!options.Stateful && !options.LegacySse)
        {
            // Stateless: a resources/subscribe has no session and no stream to send updates on, so accepting it would
            // poll for nobody. subscriptions/listen (2026-07-28) streams on its own request and keeps working.
            services.Configure<McpServerOptions>(mcp => mcp.Filters.Request.SubscribeToResourcesFilters.Add(_ => (_, _) =>
                throw new McpProtocolException(
                    "resources/subscribe needs a session, and this server runs stateless. Use subscriptions/listen " +
                    "(protocol 2026-07-28), or ask the operator to start the server with --stateful.",
                    McpErrorCode.InvalidRequest)));
        }

        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CreatorProfiles.Mcp.Http");
        foreach (var ignored in CommandLineBoundWebApplication.IgnoredEndpointSources(Environment.GetEnvironmentVariables(), [AppContext.BaseDirectory, Environment.CurrentDirectory]))
        {
            logger.LogWarning("Ignoring {Source}: the addresses to listen on come only from --urls, the settings only from the variables in docs/configuration.md", ignored);
        }

        UseFrontDoor(app, options);

        app.MapHealthProbes();

        // The legacy endpoints live at /sse and /message as older clients expect; the SDK maps them under /mcp.
        app.UseRewriter(new RewriteOptions().AddRewrite("^sse$", "mcp/sse", skipRemainingRules: true).AddRewrite("^message$", "mcp/message", skipRemainingRules: true));
        app.UseRouting(); // after the rewrite, so /sse routes to the SDK's endpoint
        if (options.NoAuth)
        {
            app.UseMiddleware<ServiceTokenPrincipalMiddleware>();
        }
        else
        {
            app.UseAuthentication();
        }

        app.UseAuthorization();
        app.Use(LoneSurrogateBodies.RewriteAsync);
        if (oauth is not null)
        {
            app.UseMiddleware<OAuthScopeGate>();
            app.MapProtectedResourceMetadata(oauth);
        }

        app.MapCredentialsEntryPage(); // anonymous: the link's token is the capability
        app.UseRateLimiter();
        if (options.LegacySse)
        {
            app.Use((context, next) => context.RequestServices.GetRequiredService<LegacySseIdleTimeout>().TouchAsync(context, next));
        }

        var mcp = app.MapMcp("/mcp");
        if (!options.NoAuth)
        {
            mcp.RequireAuthorization();
            // The seed's credential endpoints (docs/credentials.md) need to know who calls: not served with --no-auth.
            app.MapCredentialsEndpoints().RequireAuthorization();
        }

        await app.StartAsync(cancellationToken);
        foreach (var address in app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            logger.LogInformation("Serving MCP at {Address}/mcp ({Mode}{LegacySse}{Auth})", address,
                options.Stateful || options.LegacySse ? "stateful" : "stateless",
                options.LegacySse ? ", legacy SSE at /sse" : "",
                options.NoAuth ? ", NO AUTH: loopback only, acting as the service token's owner"
                : oauth is not null ? $", OAuth: resource {oauth.Resource}, tokens from {oauth.Authority}" : "");
        }

        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    /// <summary>What every request passes first: nosniff on every answer (JSON included), the client address from a
    /// trusted proxy, the per-address limit on requests in progress, then Host and Origin.</summary>
    private static void UseFrontDoor(WebApplication app, HttpServerOptions options)
    {
        app.Use((context, next) =>
        {
            // Set when the answer starts, so answers whose headers were reset on the way (errors) carry it too.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            });
            return next(context);
        });
        if (options.BehindProxy)
        {
            app.UseForwardedHeaders();
        }

        app.Use((context, next) => context.RequestServices.GetRequiredService<ClientAddressLimits>().LimitRequestsAsync(context, next));
        app.UseMiddleware<RequestOriginGuard>();
    }

    /// <summary>The legacy SSE endpoints have no back-pressure (POST /message answers 202 at once): each client
    /// address gets a token bucket of requests there. Streamable HTTP is limited per caller, per method call (CallPipeline).</summary>
    private static PartitionedRateLimiter<HttpContext> LegacySseLimiter(ServerSettings settings) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var path = context.Request.Path;
            if (!path.StartsWithSegments("/mcp/sse") && !path.StartsWithSegments("/mcp/message"))
            {
                return RateLimitPartition.GetNoLimiter("");
            }

            var perMinute = Math.Max(60, settings.ToolCallsPerMinute * 2);
            // Keyed like the unauthenticated limit (an IPv6 client's whole /64 is one key), so switching addresses within it
            // does not buy another bucket.
            return RateLimitPartition.GetTokenBucketLimiter(
                UnauthenticatedRateLimiter.Partition(context.Connection.RemoteIpAddress), _ => CallerRateLimiter.PerMinuteBucket(perMinute));
        });
}
