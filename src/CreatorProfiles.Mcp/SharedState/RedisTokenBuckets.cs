using System.Globalization;
using CreatorProfiles.Mcp.CallPipeline;

namespace CreatorProfiles.Mcp.SharedState;

/// <summary>
/// The rate limits' buckets in Redis, shared by every replica: one Lua script per take, so reading, refilling and
/// taking are one atomic step, timed by Redis's own clock (replicas' clocks may differ). When Redis does not answer,
/// this replica falls back to its own <see cref="LocalTokenBuckets"/>: callers stay limited, per replica, rather than
/// refused outright or let through unlimited; /readyz and the log say Redis is down.
/// </summary>
internal sealed class RedisTokenBuckets(RedisConnection redis, LocalTokenBuckets fallback) : ITokenBuckets
{
    public const string KeyPrefix = "creatorprofiles-mcp:ratelimit:";

    // KEYS[1] the bucket; ARGV: capacity, milliseconds per token, permits. Returns 0 when taken, else the ms to wait.
    internal const string TakeScript = """
        local capacity = tonumber(ARGV[1])
        local interval = tonumber(ARGV[2])
        local permits = tonumber(ARGV[3])
        local time = redis.call('TIME')
        local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
        local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(bucket[1]) or capacity
        local at = tonumber(bucket[2]) or now
        if now > at then
          local refill = math.floor((now - at) / interval)
          tokens = math.min(capacity, tokens + refill)
          if tokens == capacity then at = now else at = at + refill * interval end
        end
        local wait = 0
        if tokens >= permits then
          tokens = tokens - permits
        else
          wait = math.max(1, math.ceil((permits - tokens) * interval - (now - at)))
        end
        redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', at)
        redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * interval) + 1000)
        return wait
        """;

    public async ValueTask<TimeSpan?> TryTakeAsync(string limit, string key, int perMinute, int permits, CancellationToken cancellationToken)
    {
        var interval = 60_000.0 / perMinute;
        try
        {
            var wait = await redis.ExecuteAsync(
                ["EVAL", TakeScript, "1", KeyPrefix + limit + ":" + perMinute.ToString(CultureInfo.InvariantCulture) + ":" + key,
                    perMinute.ToString(CultureInfo.InvariantCulture), interval.ToString("R", CultureInfo.InvariantCulture), permits.ToString(CultureInfo.InvariantCulture)],
                cancellationToken);
            return wait is long ms and > 0 ? TimeSpan.FromMilliseconds(ms) : null;
        }
        catch (RedisUnavailableException)
        {
            return await fallback.TryTakeAsync(limit, key, perMinute, permits, cancellationToken);
        }
    }
}
