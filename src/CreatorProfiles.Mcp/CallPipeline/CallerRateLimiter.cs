using System.Globalization;
using System.Threading.RateLimiting;
using CreatorProfiles.Mcp.Configuration;

namespace CreatorProfiles.Mcp.CallPipeline;

/// <summary>
/// HTTP mode: token buckets per caller. Every tool call takes a token from the caller's general bucket; the calls
/// that start work or touch secrets (trigger_scrape, the credential tools, the credential endpoints) also take one
/// from a much smaller bucket. A refusal says when a token is back; nothing else changes. The buckets live in this
/// process, or in Redis when REDIS_URL is set (<see cref="ITokenBuckets"/>), so that a limit holds across replicas.
/// </summary>
internal sealed class CallerRateLimiter(ServerSettings settings, ITokenBuckets buckets)
{
    public const string RefusalPrefix = "Rate limit reached";

    /// <summary>The actions under the strict limit.</summary>
    public static readonly IReadOnlySet<string> SensitiveActions = new HashSet<string>(StringComparer.Ordinal)
    {
        "trigger_scrape", "set_profile_credentials", "get_credentials_status", "encrypt_credentials", "request_credentials_entry",
        "api/credentials/encrypt", "api/credentials/decrypt",
    };

    /// <summary>Takes the tokens <paramref name="action"/> needs (<paramref name="cost"/> from the general bucket, at
    /// most a whole minute's worth): null when allowed, else what to tell the caller.</summary>
    public async ValueTask<Refusal?> TryAcquireAsync(string callerId, string action, int cost = 1, CancellationToken cancellationToken = default) =>
        await TakeAsync("general", callerId, action, settings.ToolCallsPerMinute, "calls", cost, cancellationToken)
        ?? (SensitiveActions.Contains(action)
            ? await TakeAsync("sensitive", callerId, action, settings.SensitiveCallsPerMinute, "trigger_scrape and credential calls", 1, cancellationToken)
            : null);

    private async ValueTask<Refusal?> TakeAsync(string limit, string callerId, string action, int perMinute, string what, int cost, CancellationToken cancellationToken)
    {
        if (perMinute <= 0)
        {
            return null;
        }

        var permits = Math.Clamp(cost, 1, perMinute);
        if (await buckets.TryTakeAsync(limit, callerId, perMinute, permits, cancellationToken) is not { } retryAfter)
        {
            return null;
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return new Refusal(
            $"{RefusalPrefix}: at most {perMinute.ToString(CultureInfo.InvariantCulture)} {what} per minute for each caller. " +
            $"'{action}'{(permits > 1 ? $" (it counts as {permits.ToString(CultureInfo.InvariantCulture)} calls)" : "")} was not run; retry after {seconds.ToString(CultureInfo.InvariantCulture)} s.",
            seconds);
    }

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

    /// <summary>A refused call: the message for the caller and the seconds until a token is back.</summary>
    public sealed record Refusal(string Message, int RetryAfterSeconds);
}
