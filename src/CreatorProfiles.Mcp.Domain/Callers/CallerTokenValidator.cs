using System.Security.Cryptography;
using System.Text;
using CreatorProfiles.Mcp.Directus;

namespace CreatorProfiles.Mcp.Domain.Callers;

/// <summary>
/// HTTP mode (docs/deployment.md): a caller's Directus token only identifies the caller. Directus says whose token
/// it is (/users/me, /policies/me/globals with that token) and the user's role name (read with the service token).
/// The answer is kept for <see cref="CacheFor"/> so a busy caller costs Directus nothing per call, and a token
/// Directus refuses is remembered as refused for <see cref="RefusedFor"/> so repeating it costs nothing either; a
/// revoked token therefore stops working within <see cref="CacheFor"/> at most, and a token that starts working
/// (created just after a refusal) within <see cref="RefusedFor"/>. Both caches are keyed by a hash of the token and
/// bounded, evicting the least recently used entry. Concurrent requests with one unknown token share one lookup;
/// it is cancelled only when every request waiting on it has gone, and then nothing is remembered.
/// </summary>
public sealed class CallerTokenValidator(IDirectusApi directus, TimeProvider time)
{
    /// <summary>How long a validated token is trusted without asking Directus again.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    /// <summary>How long a refused token is answered as refused without asking Directus again.</summary>
    public static readonly TimeSpan RefusedFor = TimeSpan.FromSeconds(5);

    /// <summary>Entries per cache (valid tokens; refused tokens): a few MB at most.</summary>
    public const int Capacity = 10_000;

    private readonly SingleFlightLookups<Caller> _lookups = new(time, CacheFor, RefusedFor, Capacity);

    /// <summary>What the caches know of a token, without asking Directus.</summary>
    public enum Standing
    {
        /// <summary>Never seen, or forgotten: checking it costs a Directus lookup.</summary>
        Unknown,

        /// <summary>Valid within <see cref="CacheFor"/>: <see cref="ValidateAsync"/> answers from the cache.</summary>
        Valid,

        /// <summary>Was valid, the cache period is over: checking it again costs a lookup.</summary>
        WasValid,

        /// <summary>Refused within <see cref="RefusedFor"/>: <see cref="ValidateAsync"/> answers null from the cache.</summary>
        Refused,
    }

    public Standing Peek(string token) => _lookups.Peek(Key(token)) switch
    {
        CachedAnswer.Found => Standing.Valid,
        CachedAnswer.FoundBefore => Standing.WasValid,
        CachedAnswer.None => Standing.Refused,
        _ => Standing.Unknown,
    };

    /// <summary>The caller the token belongs to, or null when Directus refuses the token. Throws
    /// <see cref="DataAccessException"/> when Directus cannot answer (unavailable, timeout): not the caller's fault.</summary>
    public ValueTask<Caller?> ValidateAsync(string token, CancellationToken cancellationToken) =>
        _lookups.GetAsync(Key(token), lookupCancellation => LookUpAsync(token, lookupCancellation), cancellationToken);

    private async Task<Caller?> LookUpAsync(string token, CancellationToken cancellationToken)
    {
        var authorization = "Bearer " + token;
        try
        {
            var owner = directus.GetCurrentUserAsync(authorization, fields: "id", cancellationToken);
            var access = directus.GetCurrentGlobalAccessAsync(authorization, cancellationToken);
            var user = (await owner).Data;
            var isAdmin = (await access).Data.AdminAccess;
            var role = await directus.GetUserRoleAsync(user.Id, cancellationToken);
            return new Caller(user.Id, isAdmin) { RoleName = role.Data.Role?.Name };
        }
        catch (DataAccessException e) when (e.Failure is DataAccessFailure.Unauthorized or DataAccessFailure.NotFound)
        {
            // 401: not a token (or expired). 403 on /users/me: a token of a user without any access. Both: no caller.
            return null;
        }
    }

    // Keyed by a hash: the caches never hold a caller's token itself.
    private static string Key(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
