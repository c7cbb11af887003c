using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace CreatorProfiles.Mcp.CallPipeline;

/// <summary>
/// Where the rate limits' token buckets live: in this process (<see cref="LocalTokenBuckets"/>) or, with REDIS_URL,
/// in Redis so that every replica takes from the same bucket. A bucket is named by its limit and its key (a caller,
/// an address) and holds a burst of perMinute tokens refilled one at a time over the minute.
/// </summary>
internal interface ITokenBuckets
{
    /// <summary>Takes <paramref name="permits"/> tokens: null when taken, else how long until enough are back.</summary>
    ValueTask<TimeSpan?> TryTakeAsync(string limit, string key, int perMinute, int permits, CancellationToken cancellationToken);
}

/// <summary>The buckets of this process: one partitioned limiter per limit.</summary>
internal sealed class LocalTokenBuckets : ITokenBuckets, IDisposable
{
    private readonly ConcurrentDictionary<(string Limit, int PerMinute), PartitionedRateLimiter<string>> _limiters = new();

    public ValueTask<TimeSpan?> TryTakeAsync(string limit, string key, int perMinute, int permits, CancellationToken cancellationToken)
    {
        var limiter = _limiters.GetOrAdd((limit, perMinute), static l =>
            PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => CallerRateLimiter.PerMinuteBucket(l.PerMinute))));
        using var lease = limiter.AttemptAcquire(key, permits);
        return ValueTask.FromResult<TimeSpan?>(lease.IsAcquired ? null
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1.0 / perMinute));
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }
}
