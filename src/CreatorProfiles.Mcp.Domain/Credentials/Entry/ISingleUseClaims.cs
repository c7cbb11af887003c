namespace CreatorProfiles.Mcp.Domain.Credentials.Entry;

/// <summary>
/// Single-use marks: a key is claimed by exactly one caller until its lifetime passes or the claim is released. In
/// this process by default (<see cref="InMemorySingleUseClaims"/>); the host puts them in Redis when replicas share
/// state, so that something redeemable once stays so across replicas.
/// </summary>
public interface ISingleUseClaims
{
    /// <summary>True for the first claim of <paramref name="key"/>, false while it is claimed.</summary>
    /// <exception cref="SharedStateUnavailableException">The shared store did not answer: nothing may be redeemed.</exception>
    Task<bool> TryClaimAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>Gives a claim back (the redemption it guarded did not happen).</summary>
    Task ReleaseAsync(string key, CancellationToken cancellationToken);
}

/// <summary>The claims of this process alone (one replica, or no REDIS_URL).</summary>
public sealed class InMemorySingleUseClaims(TimeProvider clock) : ISingleUseClaims
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);

    public Task<bool> TryClaimAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            foreach (var expired in _until.Where(p => p.Value <= now).Select(p => p.Key).ToList())
            {
                _until.Remove(expired);
            }

            return Task.FromResult(_until.TryAdd(key, now + lifetime));
        }
    }

    public Task ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _until.Remove(key);
        }

        return Task.CompletedTask;
    }
}

/// <summary>The store shared by the replicas did not answer; single-use state fails closed.</summary>
public sealed class SharedStateUnavailableException(string message) : DomainException(message);
