using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Scrapes;

/// <summary>Directus requests per scrapes tool call, counted on the wire by the in-process server's counting handler
/// (docs/performance.md: trigger_scrape at most 4 in the common case; here 2).</summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class ScrapeRoundTripTests(LocalDirectus directus, ITestOutputHelper output) : IDisposable
{
    private readonly ScrapeTestData _data = new(directus);

    [Fact]
    public async Task Trigger_scrape_makes_at_most_two_directus_requests_per_outcome_and_the_read_tools_one()
    {
        var common = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid);
        var withPendingHitl = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid);
        await _data.CreateAsync("hitl_sessions", new JsonObject { ["profile_id"] = withPendingHitl, ["status"] = "pending", ["active_key"] = withPendingHitl });
        var noCookies = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.None);
        var recent = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid, lastScrapedAt: DateTimeOffset.UtcNow.AddMinutes(-1));
        var inactive = await _data.CreateProfileAsync(isActive: false);
        await using var server = await InProcessServer.StartAsync(directus.ServerEnvironment());
        await server.Client.CallAsync("list_media_jobs", new { limit = 1 }); // resolves the caller once per process

        async Task<int> CountAsync(string expectedOutcome, string tool, object arguments)
        {
            server.ResetRequests();
            var result = (await server.Client.CallAsync(tool, arguments)).Structured();
            if (tool == "trigger_scrape")
            {
                Assert.Equal(expectedOutcome, (string?)result["outcome"]);
            }

            output.WriteLine($"{tool} {expectedOutcome}: {server.Requests.Count} ({string.Join(", ", server.Requests)})");
            return server.Requests.Count;
        }

        Assert.Equal(2, await CountAsync("job_queued", "trigger_scrape", new { id = common })); // read + nested insert
        Assert.Equal(1, await CountAsync("already_queued", "trigger_scrape", new { id = common }));
        Assert.Equal(2, await CountAsync("job_queued", "trigger_scrape", new { id = withPendingHitl })); // HITL resolved inside the insert
        Assert.Equal(2, await CountAsync("hitl_required", "trigger_scrape", new { id = noCookies })); // read + create
        Assert.Equal(1, await CountAsync("hitl_required", "trigger_scrape", new { id = noCookies })); // reused
        Assert.Equal(1, await CountAsync("cooldown", "trigger_scrape", new { id = recent }));
        Assert.Equal(2, await CountAsync("job_queued", "trigger_scrape", new { id = recent, force = true }));
        Assert.Equal(1, await CountAsync("inactive", "trigger_scrape", new { id = inactive }));

        var jobId = (string)(await _data.RowsOfProfileAsync("media_jobs", common)).Single()["id"]!;
        Assert.Equal(1, await CountAsync("", "get_media_job", new { id = jobId }));
        Assert.Equal(1, await CountAsync("", "list_media_jobs", new { profile_id = common }));
        Assert.Equal(1, await CountAsync("", "list_hitl_sessions", new { }));
        Assert.Equal(2, await CountAsync("", "list_scraped_media", new { profile_id = common })); // empty: is the profile there?
        Assert.Equal(1, await CountAsync("", "list_scraped_media", new { profile_id = await directus.Rest.ProfileIdAsync("alice_sunrise") }));
    }

    public void Dispose() => _data.Dispose();
}
