using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Directus;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CreatorProfiles.Mcp.Http;

/// <summary>
/// /readyz: this replica can serve only while Directus answers its ping. The answer is reused for
/// <see cref="CacheFor"/> and shared by concurrent probes, so hammering /readyz costs Directus at most one ping per
/// period; a probe that gives up does not cancel the ping the others wait for.
/// </summary>
internal sealed class DirectusReadinessCheck(IDirectusApi directus, TimeProvider time) : IHealthCheck
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1.5);

    private readonly Lock _gate = new();
    private Task<HealthCheckResult>? _last;
    private DateTimeOffset _askedAt;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        Task<HealthCheckResult> ping;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_last is null || (_last.IsCompleted && now - _askedAt >= CacheFor))
            {
                _last = PingAsync();
                _askedAt = now;
            }

            ping = _last;
        }

        return ping.WaitAsync(cancellationToken);
    }

    private async Task<HealthCheckResult> PingAsync()
    {
        try
        {
            // Bounded by the Directus client's own timeout; shared, so not tied to one probe's cancellation.
            await directus.PingAsync(CancellationToken.None);
            return HealthCheckResult.Healthy("directus answers");
        }
        catch (DataAccessException e)
        {
            return HealthCheckResult.Unhealthy(e.Failure.ToString());
        }
    }
}
