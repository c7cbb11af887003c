using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Scrapes;

/// <summary>
/// Every outcome of trigger_scrape through the C# SDK client over stdio, each checked against the rows in Directus.
/// Each test creates its own profiles, so the seeded demo data stays as other tests expect it.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class TriggerScrapeTests(LocalDirectus directus, ITestOutputHelper output) : IDisposable
{
    private readonly ScrapeTestData _data = new(directus);

    private Task<StdioSession> SessionAsync(Dictionary<string, string?>? environment = null) =>
        StdioSession.StartAsync(environment ?? directus.ServerEnvironment(), "2025-11-25");

    [Trait("Category", "Fast")]
    [Trait("Category", "AotSmoke")]
    [Fact]
    public async Task Job_queued_claims_one_job_and_flips_the_profile_then_a_repeat_is_already_queued_with_that_job()
    {
        var id = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid);
        await using var session = await SessionAsync();

        var first = (await session.Client.CallAsync("trigger_scrape", new { id })).Structured();
        var second = (await session.Client.CallAsync("trigger_scrape", new { id })).Structured();

        Assert.Equal("job_queued", (string?)first["outcome"]);
        var jobId = (string)first["job_id"]!;
        var job = (await _data.RowsOfProfileAsync("media_jobs", id)).Single();
        Assert.Equal(jobId, (string?)job["id"]);
        Assert.Equal("queued", (string?)job["status"]);
        Assert.Equal("scrape_profile", (string?)job["type"]);
        Assert.Equal(id, (string?)job["active_key"]);
        Assert.Equal("scraping", (string?)(await _data.RowAsync("creator_profiles", id))["scrape_status"]);

        Assert.Equal("already_queued", (string?)second["outcome"]);
        Assert.Equal(jobId, (string?)second["job_id"]);
        Assert.Equal("queued", (string?)second["job_status"]);
        Assert.Single(await _data.RowsOfProfileAsync("media_jobs", id));
        Assert.Empty(await _data.RowsOfProfileAsync("hitl_sessions", id));
    }

    [Trait("Category", "AotSmoke")]
    [Theory]
    [InlineData(ScrapeTestData.Cookies.None)]
    [InlineData(ScrapeTestData.Cookies.Expired)]
    public async Task Without_unexpired_cookies_hitl_required_creates_one_pending_request_and_reuses_it(ScrapeTestData.Cookies cookies)
    {
        var id = await _data.CreateProfileAsync(platform: "fansly", cookies: cookies);
        await using var session = await SessionAsync();

        var first = (await session.Client.CallAsync("trigger_scrape", new { id })).Structured();
        var again = (await session.Client.CallAsync("trigger_scrape", new { id, force = true })).Structured();

        Assert.Equal("hitl_required", (string?)first["outcome"]);
        var hitlId = (string)first["hitl_session_id"]!;
        var hitl = (await _data.RowsOfProfileAsync("hitl_sessions", id)).Single();
        Assert.Equal(hitlId, (string?)hitl["id"]);
        Assert.Equal("pending", (string?)hitl["status"]);
        Assert.Equal(id, (string?)hitl["active_key"]);
        Assert.Equal("fansly", (string?)hitl["platform"]);
        Assert.Equal(directus.Stack["ADMIN_USER_ID"], (string?)hitl["user_id"]);
        Assert.Contains("log in", (string?)first["message"]);

        Assert.Equal("hitl_required", (string?)again["outcome"]);
        Assert.Equal(hitlId, (string?)again["hitl_session_id"]);
        Assert.Contains("already pending", (string?)again["message"]);
        Assert.Single(await _data.RowsOfProfileAsync("hitl_sessions", id));
        Assert.Empty(await _data.RowsOfProfileAsync("media_jobs", id));
        Assert.Equal("idle", (string?)(await _data.RowAsync("creator_profiles", id))["scrape_status"]);
    }

    [Fact]
    public async Task Once_cookies_exist_the_pending_hitl_request_is_resolved_in_the_same_request_as_the_claim()
    {
        var id = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Expired);
        await using var session = await SessionAsync();
        var hitlId = (string)(await session.Client.CallAsync("trigger_scrape", new { id })).Structured()["hitl_session_id"]!;

        await _data.AddCookiesAsync(id, "onlyfans", expiresAt: null); // a human logged in: cookies that never expire
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        var queued = (await session.Client.CallAsync("trigger_scrape", new { id })).Structured();

        Assert.Equal("job_queued", (string?)queued["outcome"]);
        Assert.Equal(hitlId, (string?)queued["resolved_hitl_session_id"]);
        var hitl = await _data.RowAsync("hitl_sessions", hitlId);
        Assert.Equal("resolved", (string?)hitl["status"]);
        Assert.Null(hitl["active_key"]);
        Assert.True(ScrapeTestData.Time(hitl["resolved_at"]) > before);
        Assert.Equal((string?)queued["job_id"], (string?)(await _data.RowsOfProfileAsync("media_jobs", id)).Single()["id"]);
    }

    [Fact]
    public async Task A_pending_hitl_request_is_resolved_when_the_job_was_already_queued()
    {
        var id = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid);
        await using var session = await SessionAsync();
        var jobId = (string)(await session.Client.CallAsync("trigger_scrape", new { id })).Structured()["job_id"]!;
        var hitl = await _data.CreateAsync("hitl_sessions", new JsonObject
        {
            ["profile_id"] = id, ["platform"] = "onlyfans", ["status"] = "pending", ["active_key"] = id, ["reason"] = "test",
        });

        var result = (await session.Client.CallAsync("trigger_scrape", new { id })).Structured();

        Assert.Equal("already_queued", (string?)result["outcome"]);
        Assert.Equal(jobId, (string?)result["job_id"]);
        Assert.Equal((string?)hitl["id"], (string?)result["resolved_hitl_session_id"]);
        Assert.Equal("resolved", (string?)(await _data.RowAsync("hitl_sessions", (string)hitl["id"]!))["status"]);
    }

    [Trait("Category", "AotSmoke")]
    [Fact]
    public async Task Cooldown_names_next_allowed_at_and_force_skips_only_the_cooldown()
    {
        var scrapedAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        var id = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid, lastScrapedAt: scrapedAt, status: "success");
        await using var session = await SessionAsync();

        var cooldown = (await session.Client.CallAsync("trigger_scrape", new { id })).Structured();
        var notForced = (await session.Client.CallAsync("trigger_scrape", new { id, force = false })).Structured();

        Assert.Equal("cooldown", (string?)cooldown["outcome"]);
        Assert.Equal(scrapedAt.AddMinutes(15), ScrapeTestData.Time(cooldown["next_allowed_at"]), TimeSpan.FromSeconds(1));
        Assert.Equal("cooldown", (string?)notForced["outcome"]);
        Assert.Empty(await _data.RowsOfProfileAsync("media_jobs", id));
        Assert.Equal("success", (string?)(await _data.RowAsync("creator_profiles", id))["scrape_status"]);

        var forced = (await session.Client.CallAsync("trigger_scrape", new { id, force = true })).Structured();
        Assert.Equal("job_queued", (string?)forced["outcome"]);
        Assert.Equal((string?)forced["job_id"], (string?)(await _data.RowsOfProfileAsync("media_jobs", id)).Single()["id"]);
    }

    [Fact]
    public async Task The_cooldown_is_per_platform_from_configuration()
    {
        var scrapedAt = DateTimeOffset.UtcNow.AddMinutes(-20);
        var fansly = await _data.CreateProfileAsync(platform: "fansly", lastScrapedAt: scrapedAt);
        var onlyfans = await _data.CreateProfileAsync(platform: "onlyfans", lastScrapedAt: scrapedAt);
        var environment = directus.ServerEnvironment();
        environment["SCRAPE_COOLDOWN_FANSLY"] = "00:30:00";
        await using var session = await SessionAsync(environment);

        var onFansly = (await session.Client.CallAsync("trigger_scrape", new { id = fansly })).Structured();
        var onOnlyfans = (await session.Client.CallAsync("trigger_scrape", new { id = onlyfans })).Structured();

        Assert.Equal("cooldown", (string?)onFansly["outcome"]);
        Assert.Equal(scrapedAt.AddMinutes(30), ScrapeTestData.Time(onFansly["next_allowed_at"]), TimeSpan.FromSeconds(1));
        Assert.Equal("job_queued", (string?)onOnlyfans["outcome"]); // 20 minutes > the default 15
    }

    [Fact]
    public async Task Inactive_profiles_are_never_queued_even_with_force()
    {
        var id = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid, isActive: false);
        var before = await _data.SnapshotAsync();
        await using var session = await SessionAsync();

        var plain = (await session.Client.CallAsync("trigger_scrape", new { id })).Structured();
        var forced = (await session.Client.CallAsync("trigger_scrape", new { id, force = true })).Structured();

        Assert.Equal("inactive", (string?)plain["outcome"]);
        Assert.Equal("inactive", (string?)forced["outcome"]);
        Assert.Contains("set_profile_active", (string?)plain["message"]);
        Assert.Equal(before, await _data.SnapshotAsync());
    }

    [Fact]
    public async Task Another_users_profile_is_refused_exactly_like_a_missing_one_and_nothing_is_written()
    {
        var alicesProfile = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid, ownerId: directus.Stack["ALICE_USER_ID"]);
        const string missing = "00000000-0000-4000-8000-000000000000";
        var before = await _data.SnapshotAsync();
        await using var bob = await SessionAsync(directus.ServerEnvironment(directus.Stack["BOB_TOKEN"]));

        var foreign = await bob.Client.CallAsync("trigger_scrape", new { id = alicesProfile });
        var absent = await bob.Client.CallAsync("trigger_scrape", new { id = missing });

        Assert.True(foreign.IsError);
        Assert.True(absent.IsError);
        Assert.Equal(absent.Text().Replace(missing, "ID"), foreign.Text().Replace(alicesProfile, "ID"));
        Assert.Equal(before, await _data.SnapshotAsync());
    }

    [Fact]
    public async Task Twenty_concurrent_triggers_from_two_server_processes_make_exactly_one_job()
    {
        var id = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid);
        await using var first = await SessionAsync();
        await using var second = await SessionAsync();
        // Resolve each process's caller first, so that the 20 calls race on the claim itself.
        await first.Client.CallAsync("list_media_jobs", new { limit = 1 });
        await second.Client.CallAsync("list_media_jobs", new { limit = 1 });

        var results = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => (i % 2 == 0 ? first : second).Client.CallAsync("trigger_scrape", new { id })));

        var jobs = await _data.RowsOfProfileAsync("media_jobs", id);
        var job = Assert.Single(jobs);
        var replies = results.Select(r => r.Structured()).ToList(); // fails on any tool error
        Assert.All(replies, r =>
        {
            Assert.True((string?)r["outcome"] is "job_queued" or "already_queued", r.ToJsonString());
            Assert.Equal((string?)job["id"], (string?)r["job_id"]);
        });
        Assert.Single(replies, r => (string?)r["outcome"] == "job_queued");
        Assert.Equal("scraping", (string?)(await _data.RowAsync("creator_profiles", id))["scrape_status"]);
        output.WriteLine($"20 calls over 2 processes: {jobs.Count} media_jobs row, {replies.Count(r => (string?)r["outcome"] == "job_queued")} job_queued, " +
            $"{replies.Count(r => (string?)r["outcome"] == "already_queued")} already_queued, all with job {job["id"]}");
    }

    public void Dispose() => _data.Dispose();
}
