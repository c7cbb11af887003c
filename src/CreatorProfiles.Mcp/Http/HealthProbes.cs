using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.SharedState;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CreatorProfiles.Mcp.Http;

/// <summary>/healthz (the process runs) and /readyz (Directus answers; with REDIS_URL, Redis too). Both need no token.</summary>
internal static class HealthProbes
{
    public static IServiceCollection AddReadinessChecks(this IServiceCollection services, ServerSettings settings)
    {
        services.AddSingleton<DirectusReadinessCheck>(); // one instance, so its cached ping is shared by every probe
        var checks = services.AddHealthChecks().AddCheck<DirectusReadinessCheck>("directus", tags: ["ready"]);
        if (settings.Redis is not null)
        {
            checks.AddCheck<RedisReadinessCheck>("redis", tags: ["ready"]);
        }

        return services;
    }

    public static void MapHealthProbes(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = WriteReadiness });
    }

    /// <summary>The overall status, as the default writer prints it, then one line per check that is not healthy
    /// (Redis down leaves the replica "Degraded": still routed, but the operator reads why).</summary>
    private static Task WriteReadiness(HttpContext context, HealthReport report) =>
        context.Response.WriteAsync(report.Status + string.Concat(report.Entries
            .Where(entry => entry.Value.Status != HealthStatus.Healthy)
            .Select(entry => "\n" + entry.Key + ": " + entry.Value.Description)));
}
