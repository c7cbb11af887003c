using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CreatorProfiles.Mcp.SharedState;

/// <summary>
/// /readyz with REDIS_URL: Redis answering PING. Without Redis this replica still serves (rate limits per replica,
/// credentials entry links refused), so the check reports Degraded, which /readyz answers with 200 and the word
/// "Degraded": a load balancer keeps the replica, an operator sees why.
/// </summary>
internal sealed class RedisReadinessCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.ExecuteAsync(["PING"], cancellationToken);
            return HealthCheckResult.Healthy("redis answers");
        }
        catch (RedisUnavailableException e)
        {
            return HealthCheckResult.Degraded("redis unavailable: " + e.Reason);
        }
    }
}
