using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Profiles;

/// <summary>The profiles toolset through the C# SDK client over stdio, every result checked against Directus.</summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class ProfilesToolsetTests(LocalDirectus directus)
{
    private Task<StdioSession> AdminSessionAsync() => StdioSession.StartAsync(directus.ServerEnvironment(), "2025-11-25");

    [Trait("Category", "AotSmoke")]
    [Theory]
    [InlineData("alice_sunrise", "cookies_valid", true, "done", false)]
    [InlineData("alice_daydream", "cookies_valid", false, "running", false)] // cookies that never expire
    [InlineData("alice_moonlight", "no_cookies", false, null, true)]
    [InlineData("alice_archive", "cookies_expired", false, "failed", false)]
    public async Task Get_returns_the_profile_with_latest_job_pending_hitl_and_auth_state(
        string username, string authState, bool hasExpiry, string? latestJobStatus, bool hasPendingHitl)
    {
        var id = await directus.Rest.ProfileIdAsync(username);
        var jobs = await directus.Rest.ItemsAsync("media_jobs", DirectusRest.Filter(new { profile_id = new { _eq = id } }), "id,status,created_at");
        var pending = await directus.Rest.ItemsAsync("hitl_sessions", DirectusRest.Filter(new { profile_id = new { _eq = id }, status = new { _eq = "pending" } }), "id");
        await using var session = await AdminSessionAsync();

        var details = (await session.Client.CallAsync("get_creator_profile", new { id })).Structured();

        Assert.Equal(id, (string?)details["profile"]!["id"]);
        Assert.Equal(username, (string?)details["profile"]!["untrusted"]!["username"]);
        Assert.Equal(authState, (string?)details["auth_state"]);
        Assert.Equal(hasExpiry, details["cookies_expire_at"] is not null);
        if (latestJobStatus is null)
        {
            Assert.Null(details["latest_job"]);
        }
        else
        {
            var newest = jobs.OrderByDescending(j => (string?)j!["created_at"], StringComparer.Ordinal).First()!;
            Assert.Equal((string?)newest["id"], (string?)details["latest_job"]!["id"]);
            Assert.Equal(latestJobStatus, (string?)details["latest_job"]!["status"]);
        }

        Assert.Equal(hasPendingHitl, details["pending_hitl"] is not null);
        if (hasPendingHitl)
        {
            Assert.Equal((string?)pending.Single()!["id"], (string?)details["pending_hitl"]!["id"]);
        }
    }

    [Fact]
    public async Task Get_of_a_missing_or_foreign_profile_is_the_same_not_found()
    {
        var bobsProfile = await directus.Rest.ProfileIdAsync("bob_builder");
        const string missing = "00000000-0000-4000-8000-000000000000";
        await using var alice = await StdioSession.StartAsync(directus.ServerEnvironment(directus.Stack["ALICE_TOKEN"]), "2025-11-25");

        var foreign = await alice.Client.CallAsync("get_creator_profile", new { id = bobsProfile });
        var absent = await alice.Client.CallAsync("get_creator_profile", new { id = missing });

        Assert.True(foreign.IsError);
        Assert.True(absent.IsError);
        Assert.Equal(absent.Text().Replace(missing, "ID"), foreign.Text().Replace(bobsProfile, "ID"));
    }

    [Trait("Category", "AotSmoke")]
    [Theory]
    [InlineData("onlyfans", "ALICE")]
    [InlineData("fansly", "o")]
    [InlineData("fansly", null)]
    public async Task Search_matches_directus_case_insensitive_substring(string platform, string? query)
    {
        var filter = query is null
            ? DirectusRest.Filter(new { platform = new { _eq = platform } })
            : DirectusRest.Filter(new { platform = new { _eq = platform }, username = new { _icontains = query } });
        var expected = await directus.Rest.ItemsAsync("creator_profiles", filter, "id");
        await using var session = await AdminSessionAsync();

        var found = await session.Client.WalkAsync("search_creator_profiles", query is null ? new() { ["platform"] = platform } : new() { ["platform"] = platform, ["query"] = query });

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(p => (string)p!["id"]!).Order(), found.Select(p => (string)p["id"]!).Order());
    }

    [Trait("Category", "AotSmoke")]
    [Fact]
    public async Task Stats_count_what_directus_holds()
    {
        var rows = (await directus.Rest.ItemsAsync("creator_profiles", fields: "platform,scrape_status,is_active,last_scraped_at")).Select(r => r!.AsObject()).ToList();
        await using var session = await AdminSessionAsync();

        var stats = (await session.Client.CallAsync("get_profile_stats", new { overdue_after_hours = 24 })).Structured();

        Assert.Equal(rows.Count, (int)stats["total"]!);
        Assert.Equal(rows.Count(r => (bool)r["is_active"]!), (int)stats["active"]!);
        Assert.Equal(rows.Count(r => !(bool)r["is_active"]!), (int)stats["inactive"]!);
        foreach (var platform in stats["by_platform"]!.AsArray())
        {
            var name = (string)platform!["platform"]!;
            foreach (var status in new[] { "idle", "scraping", "success", "error" })
            {
                Assert.Equal(rows.Count(r => (string)r["platform"]! == name && (string)r["scrape_status"]! == status), (int)platform[status]!);
            }
        }

        var cutoff = DateTimeOffset.UtcNow.AddHours(-24);
        var overdue = rows.Count(r => (bool)r["is_active"]! && (r["last_scraped_at"] is null || DateTimeOffset.Parse((string)r["last_scraped_at"]!) < cutoff));
        Assert.Equal(overdue, (int)stats["overdue"]!["count"]!);
    }

    [Trait("Category", "Fast")]
    [Trait("Category", "AotSmoke")]
    [Fact]
    public async Task Create_update_and_activate_write_exactly_what_they_say()
    {
        var username = "it_" + Guid.NewGuid().ToString("N")[..10];
        await using var session = await AdminSessionAsync();

        var created = (await session.Client.CallAsync("create_creator_profile", new { platform = " FANSLY ", username, is_active = false })).Structured();
        var id = (string)created["id"]!;
        var stored = (await directus.Rest.ItemsAsync("creator_profiles", DirectusRest.Filter(new { id = new { _eq = id } }))).Single()!;
        Assert.Equal("fansly", (string?)stored["platform"]);
        Assert.Equal(username, (string?)stored["username"]);
        Assert.Equal($"{directus.Stack["ADMIN_USER_ID"]}:fansly:{username}".ToLowerInvariant(), (string?)stored["identity_key"]);
        Assert.Equal("idle", (string?)stored["scrape_status"]);
        Assert.False((bool)stored["is_active"]!);
        Assert.Equal(directus.Stack["ADMIN_USER_ID"], (string?)stored["user_id"]);

        var failed = (await session.Client.CallAsync("update_scrape_status", new { id, status = "error", error = "login wall" })).Structured();
        Assert.Equal("error", (string?)failed["scrape_status"]);
        Assert.Equal("login wall", (string?)(await RowAsync(id))["last_error"]);

        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        (await session.Client.CallAsync("update_scrape_status", new { id, status = "success" })).Structured();
        var succeeded = await RowAsync(id);
        Assert.Equal("success", (string?)succeeded["scrape_status"]);
        Assert.Null(succeeded["last_error"]);
        Assert.True(DateTimeOffset.Parse((string)succeeded["last_scraped_at"]!) > before);

        var activated = (await session.Client.CallAsync("set_profile_active", new { id, is_active = true })).Structured();
        Assert.True((bool)activated["is_active"]!);
        Assert.True((bool)(await RowAsync(id))["is_active"]!);
    }

    [Fact]
    public async Task Ten_concurrent_creates_of_one_profile_make_exactly_one_and_nine_already_exists_with_its_id()
    {
        var username = "race_" + Guid.NewGuid().ToString("N")[..10];
        await using var first = await AdminSessionAsync();
        await using var second = await AdminSessionAsync();

        var calls = Enumerable.Range(0, 10)
            .Select(i => (i % 2 == 0 ? first : second).Client.CallAsync("create_creator_profile", new { platform = "onlyfans", username }))
            .ToList();
        var results = await Task.WhenAll(calls);

        var rows = await directus.Rest.ItemsAsync("creator_profiles", DirectusRest.Filter(new { username = new { _eq = username } }), "id,user_id");
        var id = (string)rows.Single()!["id"]!; // exactly one row for this owner (and no other owner has the handle)
        Assert.Equal(directus.Stack["ADMIN_USER_ID"], (string?)rows.Single()!["user_id"]);
        Assert.Single(results, r => r.IsError != true);
        Assert.Equal(id, (string?)results.Single(r => r.IsError != true).Structured()["id"]);
        var refusals = results.Where(r => r.IsError == true).Select(r => r.Text()).ToList();
        Assert.Equal(9, refusals.Count);
        Assert.All(refusals, text =>
        {
            Assert.Contains("already exists", text);
            Assert.Contains(id, text);
        });
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        // tool, arguments, words the refusal must contain
        { "get_creator_profile", """{"id":"not-a-uuid"}""", "'id'|UUID" },
        { "get_creator_profile", """{"id":42}""", "'id'|string" },
        { "get_creator_profile", """{}""", "'id'|Missing" },
        { "search_creator_profiles", """{"platform":"myspace"}""", "'platform'|onlyfans, fansly" },
        { "search_creator_profiles", """{"platform":"fansly","query":"a b;drop"}""", "'query'|letters" },
        { "search_creator_profiles", """{"platform":"fansly","limit":101}""", "'limit'|1 to 100" },
        { "search_creator_profiles", """{"query":"alice"}""", "'platform'|Missing" },
        { "get_profile_stats", """{"overdue_after_hours":0}""", "'overdue_after_hours'|1 to 2160" },
        { "get_profile_stats", """{"overdue_after_hours":"soon"}""", "'overdue_after_hours'|integer" },
        { "get_profile_stats", """{"since":"yesterday"}""", "'since'|Allowed arguments" },
        { "create_creator_profile", """{"platform":"myspace","username":"someone"}""", "'platform'|onlyfans, fansly" },
        { "create_creator_profile", """{"platform":"fansly","username":"has space"}""", "'username'|letters" },
        { "create_creator_profile", """{"platform":"fansly","username":""}""", "'username'|1 to 64" },
        { "create_creator_profile", """{"platform":"fansly","username":"x","user_id":"nope"}""", "'user_id'|UUID" },
        { "create_creator_profile", """{"platform":"onlyfans","username":"ALICE_SUNRISE","user_id":"{alice}"}""", "already exists|{alice_sunrise}" },
        { "create_creator_profile", """{"platform":"fansly","username":"x","is_active":"yes"}""", "'is_active'|boolean" },
        { "update_scrape_status", """{"id":"{alice_sunrise}","status":"done"}""", "'status'|idle, scraping, success, error" },
        { "update_scrape_status", """{"id":"{alice_sunrise}","status":"error"}""", "'error'|1 to 500" },
        { "update_scrape_status", """{"id":"{alice_sunrise}","status":"success","error":"why"}""", "'error'|only together" },
        { "update_scrape_status", """{"id":"0000","status":"idle"}""", "'id'|UUID" },
        { "update_scrape_status", """{"id":"00000000-0000-4000-8000-000000000000","status":"idle"}""", "No creator profile|not yours" },
        { "set_profile_active", """{"id":"{alice_sunrise}","is_active":"false"}""", "'is_active'|boolean" },
        { "set_profile_active", """{"id":"{alice_sunrise}"}""", "'is_active'|Missing" },
        { "set_profile_active", """{"id":"xyz","is_active":true}""", "'id'|UUID" },
        { "list_creator_profiles", """{"limit":-5}""", "'limit'|1 to 100" },
        { "list_creator_profiles", """{"scrape_status":"broken"}""", "'scrape_status'|idle" },
        { "list_creator_profiles", """{"user_id":"123"}""", "'user_id'|UUID" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_a_clear_tool_error_and_writes_nothing(string tool, string argumentsJson, string expectedWords)
    {
        var sunrise = await directus.Rest.ProfileIdAsync("alice_sunrise");
        var arguments = JsonNode.Parse(argumentsJson.Replace("{alice_sunrise}", sunrise).Replace("{alice}", directus.Stack["ALICE_USER_ID"]))!.AsObject().ToDictionary(p => p.Key, p => (object?)p.Value);
        var before = await directus.Rest.SnapshotAsync("creator_profiles");
        await using var session = await AdminSessionAsync();

        var result = await session.Client.CallAsync(tool, arguments);

        Assert.True(result.IsError, $"{tool} {argumentsJson} should be refused");
        foreach (var word in expectedWords.Replace("{alice_sunrise}", sunrise).Split('|'))
        {
            Assert.Contains(word, result.Text(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("   at ", result.Text());
        Assert.Equal(before, await directus.Rest.SnapshotAsync("creator_profiles"));
    }

    private async Task<JsonObject> RowAsync(string id) =>
        (await directus.Rest.ItemsAsync("creator_profiles", DirectusRest.Filter(new { id = new { _eq = id } }))).Single()!.AsObject();
}
