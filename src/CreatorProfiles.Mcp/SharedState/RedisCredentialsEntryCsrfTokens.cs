using System.Globalization;
using CreatorProfiles.Mcp.CredentialsEntry;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;

namespace CreatorProfiles.Mcp.SharedState;

/// <summary>
/// The entry page's CSRF tokens in Redis, so that a form rendered by one replica submits through any other: per link a
/// list of the SHA-256 hex of its last <see cref="CredentialsEntryCsrfTokens.KeptPerLink"/> tokens, living until the
/// link expires. The key is the hash of the link's token, never the token. Fails closed like the links themselves.
/// </summary>
internal sealed class RedisCredentialsEntryCsrfTokens(RedisConnection redis, TimeProvider clock) : ICredentialsEntryCsrfTokens
{
    public const string KeyPrefix = "creatorprofiles-mcp:entry:csrf:";

    // KEYS: the link's list. ARGV: the token's hash, how many to keep, lifetime ms. Moves the hash to the end.
    internal const string IssueScript = """
        redis.call('LREM', KEYS[1], 0, ARGV[1])
        redis.call('RPUSH', KEYS[1], ARGV[1])
        redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    public async Task<string> IssueAsync(string linkToken, string? known, DateTimeOffset linkExpiresAt, CancellationToken cancellationToken)
    {
        var token = known is not null && await IsIssuedAsync(linkToken, known, cancellationToken) ? known : CredentialsEntryCsrfTokens.NewToken();
        await RunAsync(["EVAL", IssueScript, "1", Key(linkToken), Convert.ToHexStringLower(CredentialsEntryCsrfTokens.HashOf(token)!),
            CredentialsEntryCsrfTokens.KeptPerLink.ToString(CultureInfo.InvariantCulture), RedisConnection.Lifetime(linkExpiresAt - clock.GetUtcNow())], cancellationToken);
        return token;
    }

    public async Task<bool> IsIssuedAsync(string linkToken, string? csrfToken, CancellationToken cancellationToken)
    {
        var kept = await RunAsync(["LRANGE", Key(linkToken), "0", "-1"], cancellationToken) as object?[] ?? [];
        return CredentialsEntryCsrfTokens.AnyEquals(kept.OfType<string>().Select(Convert.FromHexString), CredentialsEntryCsrfTokens.HashOf(csrfToken));
    }

    public Task ForgetAsync(string linkToken, CancellationToken cancellationToken) => RunAsync(["DEL", Key(linkToken)], cancellationToken);

    private static string Key(string linkToken) => KeyPrefix + CredentialsEntryCsrfTokens.Key(linkToken);

    private Task<object?> RunAsync(IReadOnlyList<string> command, CancellationToken cancellationToken) =>
        redis.ExecuteOrFailClosedAsync(command,
            "the form cannot be checked right now, and nothing was stored.", cancellationToken);
}
