using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using CreatorProfiles.Mcp.IntegrationTests.Scrapes;
using ModelContextProtocol.Client;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Cluster;

/// <summary>
/// The exactly-once guarantees on the clustered stack: calls spread by HAProxy over three server replicas, whose
/// Directus requests HAProxy spreads over two Directus instances on one PostgreSQL database. Each decision rests on a
/// UNIQUE index in PostgreSQL, never on a replica's or a Directus instance's memory.
/// </summary>
[Collection(ClusterStackCollection.Name)]
[Trait("Category", "Cluster")]
public sealed partial class ClusterExactlyOnceTests(ClusterStack cluster, ITestOutputHelper output) : IDisposable
{
    private readonly ScrapeTestData _data = new(cluster);

    [Fact]
    public async Task Twenty_concurrent_triggers_over_three_replicas_and_two_directus_instances_make_exactly_one_job()
    {
        var id = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid, ownerId: cluster.Stack["ALICE_USER_ID"]);
        var triggersBefore = TriggersPerReplica();
        var directusBefore = await cluster.ResponsesPerServerAsync("directus");

        var replies = await RaceAsync(cluster.Stack["ALICE_TOKEN"], 20, client => client.CallAsync("trigger_scrape", new { id }));

        var job = Assert.Single(await _data.RowsOfProfileAsync("media_jobs", id));
        Assert.All(replies, r => Assert.Equal((string?)job["id"], (string?)r.Structured()["job_id"]));
        Assert.Single(replies, r => (string?)r.Structured()["outcome"] == "job_queued");
        Assert.Equal(19, replies.Count(r => (string?)r.Structured()["outcome"] == "already_queued"));
        var triggers = TriggersPerReplica().Select((n, i) => n - triggersBefore[i]).ToList();
        Assert.Equal(20, triggers.Sum());
        Assert.All(triggers, n => Assert.True(n > 0, $"a replica served no trigger: {string.Join(", ", triggers)}"));
        var directus = await DirectusResponsesSinceAsync(directusBefore);
        Assert.All(directus.Values, n => Assert.True(n > 0, $"a Directus instance answered nothing: {Describe(directus)}"));
        output.WriteLine($"20 trigger_scrape: 1 job row, 1 job_queued, 19 already_queued; triggers per replica " +
            $"{string.Join("/", triggers)}; Directus responses per instance {Describe(directus)}");
    }

    [Fact]
    public async Task Ten_concurrent_creates_of_one_identity_over_the_replicas_make_exactly_one_row()
    {
        var username = "cluster_race_" + Guid.NewGuid().ToString("N")[..10];

        var results = await RaceAsync(cluster.Stack["BOB_TOKEN"], 10,
            client => client.CallAsync("create_creator_profile", new { platform = "fansly", username }));

        var row = Assert.Single(await cluster.Rest.ItemsAsync("creator_profiles", DirectusRest.Filter(new { username = new { _eq = username } }), "id,user_id"))!;
        Assert.Equal(cluster.Stack["BOB_USER_ID"], (string?)row["user_id"]);
        Assert.Equal((string?)row["id"], (string?)Assert.Single(results, r => r.IsError != true).Structured()["id"]);
        Assert.All(results.Where(r => r.IsError == true), r => Assert.Contains("already exists", r.Text()));
        Assert.Equal("1", await cluster.QueryAsync($"select count(*) from creator_profiles where username = '{username}'"));
        output.WriteLine($"10 create_creator_profile: 1 row, 1 created, {results.Count(r => r.IsError == true)} already exists");
    }

    [Fact]
    public async Task Twenty_concurrent_triggers_without_cookies_open_exactly_one_pending_hitl_request()
    {
        var id = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.None, ownerId: cluster.Stack["ALICE_USER_ID"]);

        var replies = await RaceAsync(cluster.Stack["ALICE_TOKEN"], 20, client => client.CallAsync("trigger_scrape", new { id }));

        var hitl = Assert.Single(await _data.RowsOfProfileAsync("hitl_sessions", id));
        Assert.Equal("pending", (string?)hitl["status"]);
        Assert.All(replies, r =>
        {
            Assert.Equal("hitl_required", (string?)r.Structured()["outcome"]);
            Assert.Equal((string?)hitl["id"], (string?)r.Structured()["hitl_session_id"]);
        });
        Assert.Empty(await _data.RowsOfProfileAsync("media_jobs", id));
        output.WriteLine("20 trigger_scrape without cookies: 1 pending hitl_sessions row, 20 hitl_required with its id, 0 jobs");
    }

    /// <summary>
    /// <paramref name="calls"/> calls at once, from four clients of one caller through the balancer. Each client calls
    /// once before the race, so every replica has the caller's token checked and the calls race on the write itself.
    /// </summary>
    private async Task<List<ModelContextProtocol.Protocol.CallToolResult>> RaceAsync(
        string token, int calls, Func<McpClient, Task<ModelContextProtocol.Protocol.CallToolResult>> call)
    {
        var clients = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => cluster.ConnectAsync(token)));
        try
        {
            await Task.WhenAll(Enumerable.Range(0, ClusterStack.Replicas * 2).Select(i => clients[i % clients.Length].CallAsync("list_media_jobs", new { limit = 1 })));
            return [.. await Task.WhenAll(Enumerable.Range(0, calls).Select(i => call(clients[i % clients.Length])))];
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private List<int> TriggersPerReplica() => Enumerable.Range(1, ClusterStack.Replicas)
        .Select(replica => File.Exists(cluster.AuditLogOf(replica))
            ? File.ReadAllLines(cluster.AuditLogOf(replica)).Count(line => (string?)JsonNode.Parse(line)!["action"] == "tool:trigger_scrape")
            : 0)
        .ToList();

    private async Task<Dictionary<string, long>> DirectusResponsesSinceAsync(Dictionary<string, long> before) =>
        (await cluster.ResponsesPerServerAsync("directus")).ToDictionary(s => s.Key, s => s.Value - before.GetValueOrDefault(s.Key));

    private static string Describe(Dictionary<string, long> counts) => string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));

    public void Dispose() => _data.Dispose();
}
