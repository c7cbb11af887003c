using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>
/// docs/deployment.md over HTTP with a real client: two ordinary users (alice, bob) and an admin on ONE server.
/// For every tool, bob acting on alice's profile (or its job) gets exactly the answer a random id gets and changes
/// nothing; lists, search and stats never show bob alice's rows; the admin sees everyone's.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class IsolationMatrixTests(LocalDirectus directus) : IAsyncLifetime
{
    private const string Placeholder = "<ID>";

    private HttpServerProcess _server = null!;
    private McpClient _alice = null!;
    private McpClient _bob = null!;
    private McpClient _admin = null!;

    private string AliceId => directus.Stack["ALICE_USER_ID"];
    private string BobId => directus.Stack["BOB_USER_ID"];

    public async Task InitializeAsync()
    {
        _server = await HttpServerProcess.StartAsync(directus.ServerEnvironment());
        _alice = await _server.ConnectAsync(directus.Stack["ALICE_TOKEN"]);
        _bob = await _server.ConnectAsync(directus.Stack["BOB_TOKEN"]);
        _admin = await _server.ConnectAsync(directus.AdminToken);
    }

    public async Task DisposeAsync()
    {
        await _alice.DisposeAsync();
        await _bob.DisposeAsync();
        await _admin.DisposeAsync();
        await _server.DisposeAsync();
    }

    /// <summary>Every tool that names a profile (or a job) by id, with arguments that would succeed for the owner.</summary>
    public static TheoryData<string, string> ToolsNamingAProfile => new()
    {
        { "get_creator_profile", """{"id":"<ID>"}""" },
        { "update_scrape_status", """{"id":"<ID>","status":"idle"}""" },
        { "set_profile_active", """{"id":"<ID>","is_active":false}""" },
        { "trigger_scrape", """{"id":"<ID>","force":true}""" },
        { "list_media_jobs", """{"profile_id":"<ID>"}""" },
        { "list_hitl_sessions", """{"profile_id":"<ID>"}""" },
        { "list_scraped_media", """{"profile_id":"<ID>"}""" },
        { "get_credentials_status", """{"profile_id":"<ID>","verify":true}""" },
        { "set_profile_credentials", """{"profile_id":"<ID>","credentials":{"password":"ISOLATIONCANARY"}}""" },
        { "request_credentials_entry", """{"profile_id":"<ID>"}""" },
    };

    [Theory]
    [MemberData(nameof(ToolsNamingAProfile))]
    public async Task Bob_on_alices_profile_is_answered_like_a_missing_id_and_nothing_changes(string tool, string arguments)
    {
        var aliceProfile = await directus.Rest.ProfileIdAsync("alice_sunrise");
        var missing = Guid.NewGuid().ToString();
        var before = await SnapshotAsync();

        var onAlices = await _bob.CallAsync(tool, Arguments(arguments, aliceProfile));
        var onMissing = await _bob.CallAsync(tool, Arguments(arguments, missing));

        Assert.True(onAlices.IsError, $"{tool} let bob act on alice's profile: {onAlices.Text()}");
        Assert.True(onMissing.IsError);
        Assert.Equal(onMissing.Text().Replace(missing, Placeholder, StringComparison.Ordinal), onAlices.Text().Replace(aliceProfile, Placeholder, StringComparison.Ordinal));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(ToolsNamingAProfile))]
    public async Task The_owner_and_the_admin_may_use_each_of_those_tools(string tool, string arguments)
    {
        // Read-only tools on a seeded profile of alice; writes on a profile made for this test.
        var target = tool is "get_creator_profile" or "list_media_jobs" or "list_hitl_sessions" or "list_scraped_media" or "get_credentials_status"
            ? await directus.Rest.ProfileIdAsync("alice_sunrise")
            : await CreateAlicesProfileAsync();

        foreach (var caller in (McpClient[])[_alice, _admin])
        {
            var result = await caller.CallAsync(tool, Arguments(arguments, target));
            Assert.True(result.IsError != true, $"{tool}: {result.Text()}");
        }
    }

    [Fact]
    public async Task Get_media_job_on_alices_job_is_answered_like_a_missing_job_for_bob_only()
    {
        var aliceProfile = await directus.Rest.ProfileIdAsync("alice_sunrise");
        var job = (string)(await directus.Rest.ItemsAsync("media_jobs", DirectusRest.Filter(new { profile_id = new { _eq = aliceProfile } }), "id"))[0]!["id"]!;
        var missing = Guid.NewGuid().ToString();

        var bobOnAlices = await _bob.CallAsync("get_media_job", new { id = job });
        var bobOnMissing = await _bob.CallAsync("get_media_job", new { id = missing });

        Assert.True(bobOnAlices.IsError);
        Assert.Equal(bobOnMissing.Text().Replace(missing, Placeholder, StringComparison.Ordinal), bobOnAlices.Text().Replace(job, Placeholder, StringComparison.Ordinal));
        Assert.Equal(job, (string?)(await _alice.CallAsync("get_media_job", new { id = job })).Structured()["id"]);
        Assert.Equal(job, (string?)(await _admin.CallAsync("get_media_job", new { id = job })).Structured()["id"]);
    }

    [Fact]
    public async Task Lists_search_and_stats_show_each_user_only_their_rows_and_the_admin_all()
    {
        var all = await directus.Rest.ItemsAsync("creator_profiles", fields: "id,user_id,platform");

        foreach (var (client, owner) in new[] { (_alice, AliceId), (_bob, BobId) })
        {
            var listed = await client.WalkAsync("list_creator_profiles", new() { ["limit"] = 5 });
            var expected = all.Where(p => (string?)p!["user_id"] == owner).Select(p => (string)p!["id"]!).Order().ToList();
            Assert.Equal(expected, listed.Select(p => (string)p["id"]!).Order().ToList());

            var found = await client.WalkAsync("search_creator_profiles", new() { ["platform"] = "onlyfans", ["query"] = "_" });
            Assert.All(found, p => Assert.Equal(owner, (string?)p["user_id"]));
            Assert.NotEmpty(found);

            var stats = (await client.CallAsync("get_profile_stats")).Structured();
            Assert.Equal(expected.Count, (int)stats["total"]!);
        }

        var everything = await _admin.WalkAsync("list_creator_profiles", new() { ["limit"] = 100 });
        Assert.Equal(all.Select(p => (string)p!["id"]!).Order(), everything.Select(p => (string)p["id"]!).Order());
        Assert.Equal(all.Count, (int)(await _admin.CallAsync("get_profile_stats")).Structured()["total"]!);
    }

    [Fact]
    public async Task Bob_asking_for_alices_rows_by_user_id_gets_an_empty_page_and_the_admin_gets_them()
    {
        var bobsView = (await _bob.CallAsync("list_creator_profiles", new { user_id = AliceId })).Structured();
        var adminsView = (await _admin.CallAsync("list_creator_profiles", new { user_id = AliceId, limit = 100 })).Structured();

        Assert.Empty(bobsView["items"]!.AsArray());
        Assert.NotEmpty(adminsView["items"]!.AsArray());
        Assert.All(adminsView["items"]!.AsArray(), p => Assert.Equal(AliceId, (string?)p!["user_id"]));
    }

    [Theory]
    [InlineData("list_media_jobs", "media_jobs", "queued")]
    [InlineData("list_media_jobs", "media_jobs", "done")]
    [InlineData("list_hitl_sessions", "hitl_sessions", "pending")]
    [InlineData("list_hitl_sessions", "hitl_sessions", "resolved")]
    public async Task Job_and_hitl_lists_without_a_profile_show_only_the_callers_rows(string tool, string collection, string status)
    {
        var rows = await directus.Rest.ItemsAsync(collection, DirectusRest.Filter(new { status = new { _eq = status } }), "id,profile_id.user_id");

        foreach (var (client, owner) in new[] { (_alice, AliceId), (_bob, BobId) })
        {
            var listed = await client.WalkAsync(tool, new() { ["limit"] = 50, ["status"] = status });
            var expected = rows.Where(r => (string?)r!["profile_id"]!["user_id"] == owner).Select(r => (string)r!["id"]!).Order().ToList();
            Assert.Equal(expected, listed.Select(r => (string)r["id"]!).Order().ToList());
        }

        Assert.Equal(rows.Select(r => (string)r!["id"]!).Order(), (await _admin.WalkAsync(tool, new() { ["limit"] = 50, ["status"] = status })).Select(r => (string)r["id"]!).Order());
    }

    [Fact]
    public async Task Creating_assigns_the_caller_and_only_the_admin_creates_for_someone_else()
    {
        var name = "iso_" + Guid.NewGuid().ToString("N")[..10];

        var own = (await _bob.CallAsync("create_creator_profile", new { platform = "fansly", username = name })).Structured();
        var forAlice = await _bob.CallAsync("create_creator_profile", new { platform = "onlyfans", username = name, user_id = AliceId });
        var byAdmin = (await _admin.CallAsync("create_creator_profile", new { platform = "onlyfans", username = name, user_id = AliceId })).Structured();

        Assert.Equal(BobId, (string?)own["user_id"]);
        Assert.True(forAlice.IsError);
        Assert.Contains("user_id", forAlice.Text(), StringComparison.Ordinal);
        Assert.Equal(AliceId, (string?)byAdmin["user_id"]);
    }

    [Fact]
    public async Task Bob_creating_alices_handle_gets_his_own_profile_revealing_nothing_and_alice_her_duplicate_with_its_id()
    {
        var aliceProfile = await directus.Rest.ProfileIdAsync("alice_sunrise");

        var bobs = await _bob.CallAsync("create_creator_profile", new { platform = "onlyfans", username = "alice_sunrise" });
        var bobsId = bobs.IsError == true ? null : (string?)bobs.Structured()["id"];
        try
        {
            var alices = await _alice.CallAsync("create_creator_profile", new { platform = "onlyfans", username = "alice_sunrise" });

            Assert.NotNull(bobsId); // the identity key is owner-scoped: alice's profile plays no part in bob's create
            Assert.Equal(BobId, (string?)bobs.Structured()["user_id"]);
            Assert.DoesNotContain(aliceProfile, bobs.Text(), StringComparison.Ordinal);
            Assert.DoesNotContain(AliceId, bobs.Text(), StringComparison.Ordinal);
            Assert.True(alices.IsError);
            Assert.Contains(aliceProfile, alices.Text(), StringComparison.Ordinal);
            Assert.DoesNotContain(bobsId, alices.Text(), StringComparison.Ordinal);
        }
        finally
        {
            if (bobsId is not null)
            {
                await directus.Rest.DeleteAsync("creator_profiles", bobsId); // the other tests find alice_sunrise by its username
            }
        }
    }

    private async Task<string> CreateAlicesProfileAsync()
    {
        var created = await _alice.CallAsync("create_creator_profile", new { platform = "fansly", username = "iso_" + Guid.NewGuid().ToString("N")[..10] });
        return (string)created.Structured()["id"]!;
    }

    private static Dictionary<string, object?> Arguments(string template, string id) =>
        System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, object?>>(template.Replace(Placeholder, id, StringComparison.Ordinal))!;

    /// <summary>Alice's seeded profile and everything hanging off it, as Directus stores them.</summary>
    private async Task<string> SnapshotAsync()
    {
        var id = await directus.Rest.ProfileIdAsync("alice_sunrise");
        var filter = DirectusRest.Filter(new { profile_id = new { _eq = id } });
        return string.Join('\n',
            (await directus.Rest.ItemsAsync("creator_profiles", DirectusRest.Filter(new { id = new { _eq = id } }))).ToJsonString(),
            (await directus.Rest.ItemsAsync("media_jobs", filter)).ToJsonString(),
            (await directus.Rest.ItemsAsync("hitl_sessions", filter)).ToJsonString(),
            (await directus.Rest.ItemsAsync("platform_sessions", filter)).ToJsonString());
    }
}
