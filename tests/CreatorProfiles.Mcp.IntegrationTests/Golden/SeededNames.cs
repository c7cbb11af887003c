using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Golden;

/// <summary>
/// Names for the rows of the local Directus, read from Directus REST (as admin), so that transcripts can refer to a
/// seeded row by name in a request (<c>{{profile:alice_sunrise}}</c>) and a response that returns it shows its name
/// (<c>&lt;profile:alice_sunrise&gt;</c>) instead of an id. Names come from natural keys, never from ids:
/// <list type="bullet">
/// <item><c>user:alice</c>, <c>user:bob</c>, <c>user:worker</c>, <c>user:admin</c> (stack.env's <c>*_USER_ID</c>)</item>
/// <item><c>profile:&lt;username&gt;</c> (<c>profile:&lt;platform&gt;:&lt;username&gt;</c> if a username is on two platforms)</item>
/// <item><c>session:&lt;username&gt;</c> (platform_sessions), <c>job:&lt;username&gt;:&lt;status&gt;</c> (media_jobs),
/// <c>hitl:&lt;username&gt;:&lt;status&gt;</c> (hitl_sessions), <c>media:&lt;username&gt;:&lt;file name&gt;</c> (scraped_media)</item>
/// </list>
/// When a name fits several rows (alice_sunrise has two done jobs) each gets <c>:1</c>, <c>:2</c>, ... in created_at
/// order (seeded times move together at each `up`, so the order is stable).
/// </summary>
internal sealed partial class SeededNames
{
    private readonly Dictionary<string, string> _idsByName;
    private readonly Dictionary<string, string> _namesById;

    private SeededNames(Dictionary<string, string> idsByName)
    {
        _idsByName = idsByName;
        _namesById = idsByName.ToDictionary(p => p.Value.ToLowerInvariant(), p => p.Key);
    }

    public IReadOnlyDictionary<string, string> IdsByName => _idsByName;

    /// <summary>For the checks of the golden-file machinery itself.</summary>
    internal static SeededNames FromIds(Dictionary<string, string> idsByName) => new(idsByName);

    public string? NameOf(string id) => _namesById.GetValueOrDefault(id.ToLowerInvariant());

    public string IdOf(string name) => _idsByName.TryGetValue(name, out var id)
        ? id
        : throw new InvalidDataException($"unknown seeded name '{name}'. Known names: {string.Join(", ", _idsByName.Keys.Order(StringComparer.Ordinal))}");

    public static async Task<SeededNames> LoadAsync(LocalDirectus directus)
    {
        var rows = new List<(string Name, string Id, string Order)>();
        foreach (var (key, value) in directus.Stack)
        {
            if (UserIdVariable().Match(key) is { Success: true } m)
            {
                rows.Add(($"user:{m.Groups[1].Value.ToLowerInvariant()}", value, ""));
            }
        }

        var profiles = (await directus.Rest.ItemsAsync("creator_profiles", fields: "id,platform,username")).Select(p => p!.AsObject()).ToList();
        var usernameCounts = profiles.GroupBy(p => (string)p["username"]!).ToDictionary(g => g.Key, g => g.Count());
        var profileLabel = new Dictionary<string, string>();
        foreach (var p in profiles)
        {
            var username = (string)p["username"]!;
            profileLabel[(string)p["id"]!] = usernameCounts[username] == 1 ? username : $"{p["platform"]}:{username}";
            rows.Add(($"profile:{profileLabel[(string)p["id"]!]}", (string)p["id"]!, ""));
        }

        string Owner(JsonNode row) => profileLabel.GetValueOrDefault((string?)row["profile_id"] ?? "", "unknown-profile");

        await AddAsync("platform_sessions", "id,profile_id,created_at", r => $"session:{Owner(r)}");
        await AddAsync("media_jobs", "id,profile_id,status,created_at", r => $"job:{Owner(r)}:{r["status"]}");
        await AddAsync("hitl_sessions", "id,profile_id,status,created_at", r => $"hitl:{Owner(r)}:{r["status"]}");
        await AddAsync("scraped_media", "id,profile_id,url,created_at", r => $"media:{Owner(r)}:{Path.GetFileNameWithoutExtension(new Uri((string)r["url"]!).AbsolutePath)}");

        var idsByName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in rows.GroupBy(r => r.Name))
        {
            var ordered = group.OrderBy(r => r.Order, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                idsByName[ordered.Count == 1 ? group.Key : $"{group.Key}:{i + 1}"] = ordered[i].Id;
            }
        }

        return new SeededNames(idsByName);

        async Task AddAsync(string collection, string fields, Func<JsonNode, string> name)
        {
            foreach (var row in await directus.Rest.ItemsAsync(collection, fields: fields))
            {
                rows.Add((name(row!), (string)row!["id"]!, (string?)row["created_at"] ?? ""));
            }
        }
    }

    [GeneratedRegex("^([A-Z][A-Z0-9]*)_USER_ID$")]
    private static partial Regex UserIdVariable();
}
