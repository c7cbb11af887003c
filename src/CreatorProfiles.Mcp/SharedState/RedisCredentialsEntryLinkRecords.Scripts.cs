using System.Globalization;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;

namespace CreatorProfiles.Mcp.SharedState;

/// <summary>The Lua scripts (each runs atomically in Redis) and a link's fields in its Redis hash.</summary>
internal sealed partial class RedisCredentialsEntryLinkRecords
{
    // KEYS: the link, the caller's set, the link id's pointer to the hash. ARGV: hash, now ms, cap, link ttl ms, linger ms, link key prefix, then the
    // link's field/value pairs. The set's members whose link is gone are dropped; the caller's open links for the same
    // profile (same admin flag) are closed as replaced; the others count towards the cap. Returns 1 when added.
    internal const string AddScript = """
        local now = tonumber(ARGV[2])
        local profile, admin
        for i = 7, #ARGV, 2 do
          if ARGV[i] == 'profile' then profile = ARGV[i + 1] elseif ARGV[i] == 'admin' then admin = ARGV[i + 1] end
        end
        local open = 0
        for _, member in ipairs(redis.call('SMEMBERS', KEYS[2])) do
          local key = ARGV[6] .. member
          local link = redis.call('HMGET', key, 'state', 'expires', 'profile', 'admin')
          if not link[1] then
            redis.call('SREM', KEYS[2], member)
          elseif link[1] == 'pending' and tonumber(link[2]) > now then
            if link[3] == profile and link[4] == admin then
              redis.call('HSET', key, 'state', 'closed', 'reason', 'Replaced', 'closed', ARGV[2])
              redis.call('PEXPIRE', key, ARGV[5])
            else
              open = open + 1
            end
          end
        end
        if open >= tonumber(ARGV[3]) then return 0 end
        redis.call('HSET', KEYS[1], unpack(ARGV, 7))
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[4])
        redis.call('SADD', KEYS[2], ARGV[1])
        if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
        return 1
        """;

    // KEYS: the link. ARGV: from state, to state, reason, closed ms, stored fields, ttl ms ('' leaves a field as it is).
    // Returns {1 if changed else 0, the link's fields}.
    internal const string ChangeScript = """
        local state = redis.call('HGET', KEYS[1], 'state')
        if not state then return {0, {}} end
        if state ~= ARGV[1] then return {0, redis.call('HGETALL', KEYS[1])} end
        redis.call('HSET', KEYS[1], 'state', ARGV[2])
        if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'reason', ARGV[3]) end
        if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'closed', ARGV[4]) end
        if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'stored', ARGV[5]) end
        redis.call('PEXPIRE', KEYS[1], ARGV[6])
        return {1, redis.call('HGETALL', KEYS[1])}
        """;

    // KEYS: the link. Counts a refused submission, never creating a link that is gone (it would have no lifetime).
    internal const string FailScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        return redis.call('HINCRBY', KEYS[1], 'failed', 1)
        """;

    private static IEnumerable<string> Encode(CredentialsEntryLinkRecord record) =>
    [
        "id", record.Id,
        "owner", record.Caller.UserId,
        "admin", record.Caller.IsAdmin ? "1" : "0",
        "profile", record.Target.ProfileId,
        "platform", record.Target.Platform,
        "username", record.Target.Username,
        "hascred", record.Target.HasCredentials ? "1" : "0",
        "expires", Milliseconds(record.ExpiresAt),
        "state", State(record.State),
        "failed", "0",
    ];

    /// <summary>A link from HGETALL's field/value list; null for an empty one (no such key).</summary>
    private static CredentialsEntryLinkRecord? Decode(object? reply)
    {
        if (reply is not object?[] { Length: > 0 } list)
        {
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < list.Length; i += 2)
        {
            fields[(string)list[i]!] = (string)list[i + 1]!;
        }

        return new CredentialsEntryLinkRecord(
            fields["id"],
            new CredentialsEntryTarget(fields["profile"], fields["platform"], fields["username"], fields["hascred"] == "1"),
            new Caller(fields["owner"], fields["admin"] == "1"),
            Time(fields["expires"]))
        {
            State = Enum.Parse<CredentialsEntryLinkState>(fields["state"], ignoreCase: true),
            CloseReason = fields.TryGetValue("reason", out var reason) ? Enum.Parse<CredentialsEntryCloseReason>(reason) : null,
            ClosedAt = fields.TryGetValue("closed", out var closed) ? Time(closed) : null,
            FailedSubmissions = fields.TryGetValue("failed", out var failed) ? int.Parse(failed, CultureInfo.InvariantCulture) : 0,
            StoredFields = fields.TryGetValue("stored", out var stored) && stored.Length > 0 ? stored.Split(',') : null,
        };
    }

    private static DateTimeOffset Time(string milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(milliseconds, CultureInfo.InvariantCulture));

    private static string State(CredentialsEntryLinkState state) => state.ToString().ToLowerInvariant();
}
