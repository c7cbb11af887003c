using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.CredentialsEntry;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using CreatorProfiles.Mcp.Tools;
using CreatorProfiles.Mcp.CallPipeline;
using CreatorProfiles.Mcp.SharedState;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreatorProfiles.Mcp.Hosting;

/// <summary>
/// The host's registrations, one visible call per layer: the host's own services (settings, callers, audit, rate
/// limits, the entry page), the domain (which brings the Directus client), the MCP server with the Tools layer, and the
/// request filter pipeline (<see cref="RequestPipeline"/>). Also stderr-only logging.
/// </summary>
internal static class ServerRegistration
{
    public static IServiceCollection AddCreatorProfilesServer(this IServiceCollection services, ServerSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton(Options.Create(settings.Directus));
        services.AddSingleton(Options.Create(settings.Profiles));
        services.AddSingleton(Options.Create(settings.CredentialsEntry));
        services.AddSingleton(Options.Create(new CredentialsDecryptOptions { DecryptRoles = settings.DecryptRoles, AllowEnc = settings.DecryptAllowEnc }));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSharedState(settings); // before the domain, whose in-process defaults it replaces
        services.AddCreatorProfilesDomain(settings.Keyring, settings.AcceptLegacy);
        services.AddTelemetry(settings);
        services.AddSingleton(provider => new ServiceTokenCallerAccessor(provider.GetRequiredService<IDirectusApi>(), settings.CallerToken));
        services.TryAddSingleton<ICallerAccessor>(provider => provider.GetRequiredService<ServiceTokenCallerAccessor>());
        services.AddSingleton(provider => new AuditLog(settings.AuditLogPath, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CallerRateLimiter>();
        // request_credentials_entry's page: by default a loopback listener started on the first link (stdio mode);
        // HTTP mode registers its own site and endpoint first (the HTTP app serves the page).
        services.TryAddSingleton<ICredentialsEntryCsrfTokens, CredentialsEntryCsrfTokens>();
        services.AddSingleton<CredentialsEntryPage>();
        services.TryAddSingleton(CredentialsEntrySite.Loopback);
        services.TryAddSingleton<ICredentialsEntryEndpoint, LoopbackCredentialsEntryEndpoint>();
        return services;
    }

    /// <summary>The MCP server with this project's tools, resources and prompts; the caller adds a transport. Who the
    /// caller is comes from an <see cref="ICallerAccessor"/> registered before this (default: the service token's
    /// owner, as in stdio).</summary>
    /// <param name="catalog">Which tools to offer (<c>--read-only</c>, <c>--toolsets</c>); null: all of them.</param>
    /// <param name="rateLimited">Per-caller limits on tool calls (HTTP mode).</param>
    public static IMcpServerBuilder AddCreatorProfilesMcpServer(this IServiceCollection services, ServerSettings settings,
        ToolCatalogOptions? catalog = null, bool rateLimited = false) =>
        services
            .AddCreatorProfilesServer(settings)
            .AddMcpServer(options => options.ServerInfo = ServerIdentity.Implementation)
            .WithCreatorProfilesTools(catalog)
            .WithRequestPipeline(rateLimited);

    /// <summary>stdout belongs to the stdio transport: every log line goes to stderr, one line each.</summary>
    public static ILoggingBuilder AddStderrLogging(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddProvider(new StderrLoggerProvider(Console.Error, TimeProvider.System));
        logging.SetMinimumLevel(LogLevel.Information);
        // HttpClient logs every request URI (with filter values) at Information: too chatty for a tool server.
        logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        logging.AddFilter("Polly", LogLevel.Warning); // one line per attempt at Information
        // The SDK logs three Information lines per request ("called", "<tool> completed", "completed in"); the audit line
        // is this server's one record per tool call, so the SDK keeps to warnings and errors.
        logging.AddFilter("ModelContextProtocol", LogLevel.Warning);
        // Kestrel (credentials entry page) logs each request's URL at Information, and that URL holds the link's token.
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        return logging;
    }
}
