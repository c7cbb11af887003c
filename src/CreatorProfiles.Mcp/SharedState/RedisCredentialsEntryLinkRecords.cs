using System.Globalization;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;

namespace CreatorProfiles.Mcp.SharedState;

/// <summary>
/// Credential-entry links in Redis, shared by every replica: one hash per link under the SHA-256 of its token (never
/// the token), living until its expiry (or close) plus the linger time, and one set per caller of their links' hashes
/// for the cap and the replacement. Whatever two replicas could race on is one Lua script. Times are the replicas'
/// own clocks (the minting replica fixes the expiry; the others compare against it). Fails closed: when Redis does
/// not answer, no link is created, opened or submitted (<see cref="SharedStateUnavailableException"/>).
/// </summary>
internal sealed partial class RedisCredentialsEntryLinkRecords(RedisConnection redis, TimeProvider clock) : ICredentialsEntryLinkRecords
{
    public const string LinkPrefix = "creatorprofiles-mcp:entry:link:";
    public const string CallerPrefix = "creatorprofiles-mcp:entry:caller:";
    public const string IdPrefix = "creatorprofiles-mcp:entry:id:";

    public async Task<bool> TryAddAsync(string hash, CredentialsEntryLinkRecord record, int maxOpenPerCaller, DateTimeOffset now, TimeSpan linger, CancellationToken cancellationToken)
    {
        List<string> command =
        [
            "EVAL", AddScript, "3", LinkPrefix + hash, CallerPrefix + record.Caller.UserId, IdPrefix + record.Id,
            hash, Milliseconds(now), Number(maxOpenPerCaller), RedisConnection.Lifetime(record.ExpiresAt + linger - now), RedisConnection.Lifetime(linger), LinkPrefix,
        ];
        command.AddRange(Encode(record));
        return await RunAsync(command, cancellationToken) is 1L;
    }

    public async Task<CredentialsEntryLinkRecord?> GetAsync(string hash, CancellationToken cancellationToken) =>
        Decode(await RunAsync(["HGETALL", LinkPrefix + hash], cancellationToken));

    public async Task<(bool Changed, CredentialsEntryLinkRecord? Current)> ChangeStateAsync(
        string hash, CredentialsEntryLinkState from, CredentialsEntryLinkChange change, DateTimeOffset keepUntil, CancellationToken cancellationToken)
    {
        var reply = await RunAsync(
            ["EVAL", ChangeScript, "1", LinkPrefix + hash, State(from), State(change.State), change.CloseReason?.ToString() ?? "",
                change.ClosedAt is { } closed ? closed.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : "",
                change.StoredFields is { } fields ? string.Join(',', fields) : "", RedisConnection.Lifetime(keepUntil - clock.GetUtcNow())],
            cancellationToken);
        return reply is object?[] { Length: 2 } pair ? (pair[0] is 1L, Decode(pair[1])) : (false, null);
    }

    public async Task<string?> FindHashAsync(string linkId, CancellationToken cancellationToken) =>
        await RunAsync(["GET", IdPrefix + linkId], cancellationToken) as string;

    public async Task<int> AddFailedSubmissionAsync(string hash, CancellationToken cancellationToken) =>
        await RunAsync(["EVAL", FailScript, "1", LinkPrefix + hash], cancellationToken) is long count ? (int)count : 0;

    private Task<object?> RunAsync(IReadOnlyList<string> command, CancellationToken cancellationToken) =>
        redis.ExecuteOrFailClosedAsync(command,
            "credential-entry links cannot be created, opened or submitted right now, and nothing was stored. Retry in a minute.", cancellationToken);

    private static string Milliseconds(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
