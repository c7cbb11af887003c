using System.Globalization;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;

namespace CreatorProfiles.Mcp.SharedState;

/// <summary>Single-use marks in Redis (SET NX with an expiry), shared by every replica. Fails closed: when Redis does
/// not answer, nothing is claimed and the redemption is refused for now.</summary>
internal sealed class RedisSingleUseClaims(RedisConnection redis) : ISingleUseClaims
{
    public const string KeyPrefix = "creatorprofiles-mcp:once:";

    public async Task<bool> TryClaimAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var reply = await RunAsync(["SET", KeyPrefix + key, "1", "NX", "PX", RedisConnection.Lifetime(lifetime)], cancellationToken);
        return reply is "OK";
    }

    public Task ReleaseAsync(string key, CancellationToken cancellationToken) => RunAsync(["DEL", KeyPrefix + key], cancellationToken);

    private Task<object?> RunAsync(string[] command, CancellationToken cancellationToken) =>
        redis.ExecuteOrFailClosedAsync(command, "nothing was stored and the link stays open: retry in a minute.", cancellationToken);
}
