using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Scrapes;

/// <summary>get_media_job, list_media_jobs, list_hitl_sessions and list_scraped_media through the C# SDK client, checked
/// against Directus's own answers; a non-admin caller sees only the rows of their own profiles.</summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class ScrapeReadToolsTests(LocalDirectus directus) : IDisposable
{
    private readonly ScrapeTestData _data = new(directus);

    private Task<StdioSession> SessionAsync(string? token = null) => StdioSession.StartAsync(directus.ServerEnvironment(token), "2025-11-25");

    private static List<string> Ids(IEnumerable<JsonNode?> rows) => rows.Select(r => (string)r!["id"]!).ToList();

    [Trait("Category", "AotSmoke")]
    [Fact]
    public async Task Get_media_job_returns_the_stored_job()
    {
        var job = (await directus.Rest.ItemsAsync("media_jobs", DirectusRest.Filter(new { status = new { _eq = "failed" } }))).First()!;
        await using var session = await SessionAsync();

        var result = (await session.Client.CallAsync("get_media_job", new { id = (string)job["id"]! })).Structured();

        foreach (var field in new[] { "id", "profile_id", "type", "status" })
        {
            Assert.Equal((string?)job[field], (string?)result[field]);
        }

        Assert.Equal((string?)job["error"], (string?)result["untrusted"]?["error"]); // the worker's text: marked untrusted
        Assert.Null(result["error"]);

        Assert.Equal(ScrapeTestData.Time(job["finished_at"]), ScrapeTestData.Time(result["finished_at"]));
        Assert.Null(result["active_key"]); // not part of a job as agents see it
    }

    [Fact]
    public async Task List_media_jobs_walks_every_job_newest_first_and_filters_by_profile_and_status()
    {
        var all = await directus.Rest.ItemsAsync("media_jobs", fields: "id,profile_id,status,created_at");
        var sunrise = await directus.Rest.ProfileIdAsync("alice_sunrise");
        await using var session = await SessionAsync();

        var walked = await session.Client.WalkAsync("list_media_jobs", new() { ["limit"] = 3 });
        var ofSunrise = await session.Client.WalkAsync("list_media_jobs", new() { ["profile_id"] = sunrise });
        var failed = await session.Client.WalkAsync("list_media_jobs", new() { ["status"] = "failed", ["limit"] = 1 });

        Assert.Equal(Ids(all).Order(), Ids(walked).Order());
        Assert.Equal(walked.Select(j => ScrapeTestData.Time(j["created_at"])).OrderDescending(), walked.Select(j => ScrapeTestData.Time(j["created_at"])));
        Assert.Equal(Ids(all.Where(j => (string?)j!["profile_id"] == sunrise)).Order(), Ids(ofSunrise).Order());
        Assert.Equal(Ids(all.Where(j => (string?)j!["status"] == "failed")).Order(), Ids(failed).Order());
    }

    [Fact]
    public async Task List_hitl_sessions_defaults_to_pending_and_filters_by_status_and_profile()
    {
        var all = await directus.Rest.ItemsAsync("hitl_sessions", fields: "id,profile_id,status");
        var retro = await directus.Rest.ProfileIdAsync("bob_retro");
        await using var session = await SessionAsync();

        var pending = await session.Client.WalkAsync("list_hitl_sessions", new());
        var expired = await session.Client.WalkAsync("list_hitl_sessions", new() { ["status"] = "expired" });
        var ofRetro = await session.Client.WalkAsync("list_hitl_sessions", new() { ["status"] = "expired", ["profile_id"] = retro });

        Assert.NotEmpty(pending);
        Assert.Equal(Ids(all.Where(h => (string?)h!["status"] == "pending")).Order(), Ids(pending).Order());
        Assert.Equal(Ids(all.Where(h => (string?)h!["status"] == "expired")).Order(), Ids(expired).Order());
        Assert.Equal(Ids(all.Where(h => (string?)h!["status"] == "expired" && (string?)h["profile_id"] == retro)).Order(), Ids(ofRetro).Order());
    }

    [Trait("Category", "AotSmoke")]
    [Fact]
    public async Task List_scraped_media_pages_through_a_profiles_media_and_filters_by_job()
    {
        var builder = await directus.Rest.ProfileIdAsync("bob_builder");
        var media = await directus.Rest.ItemsAsync("scraped_media", DirectusRest.Filter(new { profile_id = new { _eq = builder } }), "id,job_id,media_type");
        await using var session = await SessionAsync();

        var walked = await session.Client.WalkAsync("list_scraped_media", new() { ["profile_id"] = builder, ["limit"] = 1 });
        var ofJob = await session.Client.WalkAsync("list_scraped_media", new() { ["profile_id"] = builder, ["job_id"] = (string)media[0]!["job_id"]! });

        Assert.Equal(3, media.Count);
        Assert.Equal(Ids(media).Order(), Ids(walked).Order());
        Assert.Equal(Ids(media.Where(m => (string?)m!["job_id"] == (string?)media[0]!["job_id"])).Order(), Ids(ofJob).Order());
        Assert.All(walked, m => Assert.NotNull(m["untrusted"]!["url"]));
    }

    [Fact]
    public async Task A_creator_sees_only_the_jobs_hitl_requests_and_media_of_their_own_profiles()
    {
        var alice = directus.Stack["ALICE_USER_ID"];
        var alicesProfiles = Ids(await directus.Rest.ItemsAsync("creator_profiles", DirectusRest.Filter(new { user_id = new { _eq = alice } }), "id")).ToHashSet();
        var bobsJob = (await directus.Rest.ItemsAsync("media_jobs", fields: "id,profile_id")).First(j => !alicesProfiles.Contains((string)j!["profile_id"]!))!;
        var bobBuilder = await directus.Rest.ProfileIdAsync("bob_builder");
        await using var session = await SessionAsync(directus.Stack["ALICE_TOKEN"]);

        var jobs = await session.Client.WalkAsync("list_media_jobs", new());
        var hitl = await session.Client.WalkAsync("list_hitl_sessions", new() { ["status"] = "expired" });
        var foreignJob = await session.Client.CallAsync("get_media_job", new { id = (string)bobsJob["id"]! });
        var missingJob = await session.Client.CallAsync("get_media_job", new { id = "00000000-0000-4000-8000-000000000000" });
        var foreignMedia = await session.Client.CallAsync("list_scraped_media", new { profile_id = bobBuilder });
        var missingMedia = await session.Client.CallAsync("list_scraped_media", new { profile_id = "00000000-0000-4000-8000-000000000000" });
        var foreignJobs = await session.Client.CallAsync("list_media_jobs", new { profile_id = bobBuilder });

        Assert.NotEmpty(jobs);
        Assert.All(jobs, j => Assert.Contains((string)j["profile_id"]!, alicesProfiles));
        Assert.Empty(hitl); // the only expired request is bob_retro's
        Assert.True(foreignJob.IsError);
        Assert.Equal(missingJob.Text().Replace("00000000-0000-4000-8000-000000000000", "ID"), foreignJob.Text().Replace((string)bobsJob["id"]!, "ID"));
        Assert.True(foreignMedia.IsError); // another user's profile id reads like a missing one
        Assert.Equal(missingMedia.Text().Replace("00000000-0000-4000-8000-000000000000", "ID"), foreignMedia.Text().Replace(bobBuilder, "ID"));
        Assert.True(foreignJobs.IsError);
    }

    [Fact]
    public async Task An_existing_profile_without_rows_is_an_empty_page_not_an_error()
    {
        var id = await _data.CreateProfileAsync();
        await using var session = await SessionAsync();

        Assert.Empty((await session.Client.CallAsync("list_scraped_media", new { profile_id = id })).Structured()["items"]!.AsArray());
        Assert.Empty((await session.Client.CallAsync("list_media_jobs", new { profile_id = id })).Structured()["items"]!.AsArray());
        Assert.Empty((await session.Client.CallAsync("list_hitl_sessions", new { profile_id = id })).Structured()["items"]!.AsArray());
    }

    public void Dispose() => _data.Dispose();
}
