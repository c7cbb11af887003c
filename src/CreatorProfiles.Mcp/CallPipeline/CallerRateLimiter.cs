using System.Globalization;
using System.Threading.RateLimiting;
using CreatorProfiles.Mcp.Configuration;

namespace CreatorProfiles.Mcp.CallPipeline;

/// <summary>
/// HTTP mode: token buckets per caller. Every tool call takes a token from the caller's general bucket; the calls
/// that start work or touch secrets (trigger_scrape, the credential tools, the credential endpoints) also take one
/// from a much smaller bucket. A refusal says when a token is back; nothing else changes.
/// </summary>
internal sealed class CallerRateLimiter : IDisposable
{
    public const string RefusalPrefix = "Rate limit reached";

    /// <summary>The actions under the strict limit.</summary>
    public static readonly IReadOnlySet<string> SensitiveActions = new HashSet<string>(StringComparer.Ordinal)
    {
        "trigger_scrape", "set_profile_credentials", "get_credentials_status", "encrypt_credentials", "request_credentials_entry",
        "api/credentials/encrypt", "api/credentials/decrypt",
    };

    private readonly int _generalPerMinute;
    private readonly int _sensitivePerMinute;
    private readonly PartitionedRateLimiter<string>? _general;
    private readonly PartitionedRateLimiter<string>? _sensitive;

    public CallerRateLimiter(ServerSettings settings)
    {
        _generalPerMinute = settings.ToolCallsPerMinute;
        _sensitivePerMinute = settings.SensitiveCallsPerMinute;
        _general = Create(_generalPerMinute);
        _sensitive = Create(_sensitivePerMinute);
    }

    /// <summary>Takes the tokens <paramref name="action"/> needs (<paramref name="cost"/> from the general bucket, at
    /// most a whole minute's worth): null when allowed, else what to tell the caller.</summary>
    public Refusal? TryAcquire(string callerId, string action, int cost = 1) =>
        Take(_general, callerId, action, _generalPerMinute, "calls", cost)
        ?? (SensitiveActions.Contains(action) ? Take(_sensitive, callerId, action, _sensitivePerMinute, "trigger_scrape and credential calls", 1) : null);

    private static Refusal? Take(PartitionedRateLimiter<string>? limiter, string callerId, string action, int perMinute, string what, int cost)
    {
        if (limiter is null)
        {
            return null;
        }

        var permits = Math.Clamp(cost, 1, perMinute);
        using var lease = limiter.AttemptAcquire(callerId, permits);
        if (lease.IsAcquired)
        {
            return null;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1.0 / perMinute);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return new Refusal(
            $"{RefusalPrefix}: at most {perMinute.ToString(CultureInfo.InvariantCulture)} {what} per minute for each caller. " +
            $"'{action}'{(permits > 1 ? $" (it counts as {permits.ToString(CultureInfo.InvariantCulture)} calls)" : "")} was not run; retry after {seconds.ToString(CultureInfo.InvariantCulture)} s.",
            seconds);
    }

    /// <summary>A token bucket per key of <paramref name="perMinute"/> calls a minute; null when 0 (no limit).</summary>
    internal static PartitionedRateLimiter<string>? Create(int perMinute) =>
        perMinute <= 0
            ? null
            : PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => PerMinuteBucket(perMinute)));

    /// <summary>The one bucket shape every limit here uses: a burst of <paramref name="perMinute"/>, refilled one at a
    /// time over the minute, nothing queued.</summary>
    internal static TokenBucketRateLimiterOptions PerMinuteBucket(int perMinute) => new()
    {
        TokenLimit = perMinute,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
        AutoReplenishment = true,
        QueueLimit = 0,
    };

    public void Dispose()
    {
        _general?.Dispose();
        _sensitive?.Dispose();
    }

    /// <summary>A refused call: the message for the caller and the seconds until a token is back.</summary>
    public sealed record Refusal(string Message, int RetryAfterSeconds);
}
