using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Directus;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CreatorProfiles.Mcp.Http;

/// <summary>/readyz: this replica can serve only while Directus answers its ping.</summary>
internal sealed class DirectusReadinessCheck(IDirectusApi directus) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await directus.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy("directus answers");
        }
        catch (DataAccessException e)
        {
            return HealthCheckResult.Unhealthy(e.Failure.ToString());
        }
    }
}
