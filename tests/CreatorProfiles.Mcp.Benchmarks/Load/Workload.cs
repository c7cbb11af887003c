using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace CreatorProfiles.Mcp.Benchmarks.Load;

/// <summary>A profile of the demo data, as the admin reads it from Directus.</summary>
internal sealed record DemoProfile(string Id, string? UserId, string Platform, string Username);

/// <summary>Who calls: alice, bob or the admin (no owner filter), with the profiles each may see.</summary>
internal sealed record Caller(string Name, string Token, string? UserId, IReadOnlyList<DemoProfile> Visible);

/// <summary>
/// The mix every simulated agent follows, and what the writes promised. Profiles are split in two: even ones may be
/// triggered by anyone (the "one active job" check), odd ones each belong to one agent, the only one that sets their
/// status, so the last acknowledged value is known and a lost write shows.
/// </summary>
internal sealed class Workload(IReadOnlyList<DemoProfile> profiles)
{
    /// <summary>Share of calls per kind (cumulative thresholds below): mostly reads, a few writes.</summary>
    public static readonly (string Kind, double Share)[] Mix =
    [
        ("get", 0.45), ("list", 0.25), ("search", 0.20), ("trigger", 0.05), ("status", 0.05),
    ];

    private readonly ConcurrentDictionary<string, (string? Acked, string? Uncertain)> _writes = new(StringComparer.Ordinal);

    public IReadOnlyList<DemoProfile> TriggerTargets { get; } = profiles.OrderBy(p => p.Id, StringComparer.Ordinal).Where((_, i) => i % 2 == 0).ToList();

    public IReadOnlyDictionary<string, (string? Acked, string? Uncertain)> Writes => _writes;

    /// <summary>The odd profiles, each given to the first agent (round robin) whose caller may see it.</summary>
    public Dictionary<int, List<DemoProfile>> AssignWriters(IReadOnlyList<Caller> agentCallers)
    {
        var owned = Enumerable.Range(0, agentCallers.Count).ToDictionary(i => i, _ => new List<DemoProfile>());
        var next = 0;
        foreach (var profile in profiles.OrderBy(p => p.Id, StringComparer.Ordinal).Where((_, i) => i % 2 == 1))
        {
            for (var tried = 0; tried < agentCallers.Count; tried++, next = (next + 1) % agentCallers.Count)
            {
                if (agentCallers[next].Visible.Any(v => v.Id == profile.Id))
                {
                    owned[next].Add(profile);
                    next = (next + 1) % agentCallers.Count;
                    break;
                }
            }
        }

        return owned;
    }

    public static string Pick(Random random)
    {
        var roll = random.NextDouble();
        foreach (var (kind, share) in Mix)
        {
            if ((roll -= share) < 0)
            {
                return kind;
            }
        }

        return Mix[0].Kind;
    }

    public void RecordWrite(string profileId, string value, bool acknowledged) =>
        _writes[profileId] = acknowledged ? (value, null) : (_writes.GetValueOrDefault(profileId).Acked, value);

    /// <summary>A search term the caller's data matches: two letters of a username it can see.</summary>
    public static (string Platform, string Query) SearchTerm(Caller caller, Random random)
    {
        var profile = caller.Visible[random.Next(caller.Visible.Count)];
        var start = random.Next(Math.Max(1, profile.Username.Length - 1));
        return (profile.Platform, profile.Username.Substring(start, Math.Min(2, profile.Username.Length - start)));
    }

    public static List<DemoProfile> Parse(JsonNode? data) => data?.AsArray().Select(p => new DemoProfile(
        (string)p!["id"]!, (string?)p["user_id"], (string)p["platform"]!, (string?)p["username"] ?? "")).ToList() ?? [];
}
