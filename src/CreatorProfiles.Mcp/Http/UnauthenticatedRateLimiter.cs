using CreatorProfiles.Mcp.CallPipeline;
using System.Net;
using System.Net.Sockets;
using CreatorProfiles.Mcp.Configuration;

namespace CreatorProfiles.Mcp.Http;

/// <summary>
/// HTTP mode: a token bucket per client address for requests that carry no token known to be valid (none, one
/// Directus refused, or one not checked yet). The bearer handler takes from it before it asks Directus anything, so
/// made-up tokens cost Directus at most this many lookups per address; callers whose token is cached as valid, or
/// was valid before, never take from it. IPv6 addresses share one bucket per /64, which one client usually holds.
/// With REDIS_URL the bucket is shared by every replica (<see cref="ITokenBuckets"/>).
/// </summary>
internal sealed class UnauthenticatedRateLimiter(ServerSettings settings, ITokenBuckets buckets)
{
    public int PerMinute { get; } = settings.UnauthenticatedPerMinute;

    /// <summary>Takes one token for <paramref name="address"/>: null when allowed, else the seconds until one is back.</summary>
    public async ValueTask<int?> TryAcquireAsync(IPAddress? address, CancellationToken cancellationToken = default)
    {
        if (PerMinute <= 0 || await buckets.TryTakeAsync("unauthenticated", Partition(address), PerMinute, 1, cancellationToken) is not { } retryAfter)
        {
            return null;
        }

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
}
