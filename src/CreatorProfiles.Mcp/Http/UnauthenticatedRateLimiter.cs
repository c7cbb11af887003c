using CreatorProfiles.Mcp.CallPipeline;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using CreatorProfiles.Mcp.Configuration;

namespace CreatorProfiles.Mcp.Http;

/// <summary>
/// HTTP mode: a token bucket per client address for requests that carry no token known to be valid (none, one
/// Directus refused, or one not checked yet). The bearer handler takes from it before it asks Directus anything, so
/// made-up tokens cost Directus at most this many lookups per address; callers whose token is cached as valid, or
/// was valid before, never take from it. IPv6 addresses share one bucket per /64, which one client usually holds.
/// </summary>
internal sealed class UnauthenticatedRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;

    public UnauthenticatedRateLimiter(ServerSettings settings)
    {
        PerMinute = settings.UnauthenticatedPerMinute;
        _limiter = CallerRateLimiter.Create(PerMinute);
    }

    public int PerMinute { get; }

    /// <summary>Takes one token for <paramref name="address"/>: null when allowed, else the seconds until one is back.</summary>
    public int? TryAcquire(IPAddress? address)
    {
        if (_limiter is null)
        {
            return null;
        }

        using var lease = _limiter.AttemptAcquire(Partition(address));
        if (lease.IsAcquired)
        {
            return null;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1.0 / PerMinute);
        return Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
    }

    /// <summary>The bucket an address takes from: IPv4 as is (also when mapped into IPv6), IPv6 by its /64 prefix.</summary>
    internal static string Partition(IPAddress? address)
    {
        if (address is null)
        {
            return "";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes).ToString() + "/64";
    }

    public void Dispose() => _limiter?.Dispose();
}
