using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.SharedState;
using Microsoft.Extensions.Logging.Abstractions;

namespace CreatorProfiles.Mcp.Doctor;

/// <summary>doctor with REDIS_URL: Redis answers PING and runs the rate-limit script (the replicas' shared state works).</summary>
internal static class DoctorRedisCheck
{
    public const string Name = "redis";

    public static async Task<DoctorCommand.CheckResult> RunAsync(RedisEndpoint endpoint, CancellationToken cancellationToken)
    {
        using var redis = new RedisConnection(endpoint, TimeProvider.System, NullLogger<RedisConnection>.Instance);
        try
        {
            await redis.ExecuteAsync(["PING"], cancellationToken);
            await redis.ExecuteAsync(["EVAL", RedisTokenBuckets.TakeScript, "1", RedisTokenBuckets.KeyPrefix + "doctor", "60", "1000", "1"], cancellationToken);
            return DoctorCommand.CheckResult.Pass(Name, $"{endpoint} answers; rate limits and credentials entry links are shared by the replicas");
        }
        catch (RedisUnavailableException e)
        {
            return DoctorCommand.CheckResult.Fail(Name, $"{endpoint}: {e.Reason}. Meanwhile each replica rate-limits on its own and credentials entry links are refused.",
                $"Start Redis or fix {ServerSettings.RedisUrlVariable} (redis://:password@host:port/db).");
        }
    }
}
