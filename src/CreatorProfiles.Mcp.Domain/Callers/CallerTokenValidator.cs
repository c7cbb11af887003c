using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CreatorProfiles.Mcp.Directus;

namespace CreatorProfiles.Mcp.Domain.Callers;

/// <summary>
/// HTTP mode (docs/deployment.md): a caller's Directus token only identifies the caller. Directus says whose token
/// it is (/users/me, /policies/me/globals with that token) and the user's role name (read with the service token);
/// the answer is kept for <see cref="CacheFor"/> so a busy caller costs Directus nothing per call. A token Directus
/// refuses is forgotten at once, so a revoked token stops working within one cache period at most.
/// </summary>
public sealed class CallerTokenValidator(IDirectusApi directus, TimeProvider time)
{
    /// <summary>How long a validated token is trusted without asking Directus again.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    // Bounded: past this many cached tokens the cache is emptied (each token is then simply validated again).
    private const int MaxCachedTokens = 10_000;

    private readonly ConcurrentDictionary<string, CachedLookup> _cache = new(StringComparer.Ordinal);

    /// <summary>The caller the token belongs to, or null when Directus refuses the token. Throws
    /// <see cref="DataAccessException"/> when Directus cannot answer (unavailable, timeout): not the caller's fault.</summary>
    public async ValueTask<Caller?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        // Keyed by a hash: the cache never holds a caller's token itself.
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        var now = time.GetUtcNow();
        if (!_cache.TryGetValue(key, out var cached) || cached.Expires <= now)
        {
            if (_cache.Count >= MaxCachedTokens)
            {
                _cache.Clear();
            }

            var started = new CachedLookup(LookUpAsync(token), now + CacheFor);
            cached = _cache.AddOrUpdate(key, started, (_, existing) => existing.Expires > now ? existing : started);
        }

        try
        {
            var caller = await cached.Lookup.WaitAsync(cancellationToken);
            if (caller is null)
            {
                _cache.TryRemove(new KeyValuePair<string, CachedLookup>(key, cached));
            }

            return caller;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _cache.TryRemove(new KeyValuePair<string, CachedLookup>(key, cached));
            throw;
        }
    }

    private async Task<Caller?> LookUpAsync(string token)
    {
        // Shared by concurrent requests with the same token: not tied to one request's cancellation.
        var authorization = "Bearer " + token;
        try
        {
            var owner = directus.GetCurrentUserAsync(authorization, fields: "id", CancellationToken.None);
            var access = directus.GetCurrentGlobalAccessAsync(authorization, CancellationToken.None);
            var user = (await owner).Data;
            var isAdmin = (await access).Data.AdminAccess;
            var role = await directus.GetUserRoleAsync(user.Id, CancellationToken.None);
            return new Caller(user.Id, isAdmin) { RoleName = role.Data.Role?.Name };
        }
        catch (DataAccessException e) when (e.Failure is DataAccessFailure.Unauthorized or DataAccessFailure.NotFound)
        {
            // 401: not a token (or expired). 403 on /users/me: a token of a user without any access. Both: no caller.
            return null;
        }
    }

    private sealed record CachedLookup(Task<Caller?> Lookup, DateTimeOffset Expires);
}
