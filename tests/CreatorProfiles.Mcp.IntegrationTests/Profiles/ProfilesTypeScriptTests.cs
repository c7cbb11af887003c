using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Profiles;

/// <summary>Every profiles tool, resource and the prompt through the official TypeScript SDK client, checked against Directus.</summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class ProfilesTypeScriptTests(LocalDirectus directus)
{
    private static JsonObject Structured(JsonNode? step)
    {
        Assert.True((bool?)step!["isError"] != true, step.ToJsonString());
        return step["structuredContent"]!.AsObject();
    }

    [Fact]
    public async Task Every_profiles_tool_answers_the_typescript_client_with_the_stored_data()
    {
        var sunrise = await directus.Rest.ProfileIdAsync("alice_sunrise");
        var username = "ts_" + Guid.NewGuid().ToString("N")[..10];
        var all = (await directus.Rest.ItemsAsync("creator_profiles", fields: "id,username,platform,is_active")).Select(r => r!.AsObject()).ToList();

        var session = await TypeScriptClient.RunAsync(directus.ServerEnvironment(),
            new(ListTools: true),
            new("get_creator_profile", new { id = sunrise }),
            new("search_creator_profiles", new { platform = "OnlyFans", query = "Alice", limit = 100 }),
            new("get_profile_stats", new { }),
            new("create_creator_profile", new { platform = "fansly", username }),
            new("create_creator_profile", new { platform = "fansly", username = username.ToUpperInvariant() }),
            new("list_creator_profiles", new { platform = "fansly", limit = 100 }));

        var toolNames = session.Steps[0]!["tools"]!.AsArray().Select(t => (string)t!["name"]!).ToHashSet();
        Assert.Superset(new HashSet<string> { "list_creator_profiles", "get_creator_profile", "search_creator_profiles", "get_profile_stats", "create_creator_profile", "update_scrape_status", "set_profile_active" }, toolNames);

        var details = Structured(session.Steps[1]);
        Assert.Equal("alice_sunrise", (string?)details["profile"]!["untrusted"]!["username"]);
        Assert.Equal("cookies_valid", (string?)details["auth_state"]);

        var searched = Structured(session.Steps[2])["items"]!.AsArray().Select(i => (string)i!["id"]!).Order();
        Assert.Equal(all.Where(p => (string)p["platform"]! == "onlyfans" && ((string)p["username"]!).Contains("alice")).Select(p => (string)p["id"]!).Order(), searched);

        Assert.Equal(all.Count, (int)Structured(session.Steps[3])["total"]!);

        var created = Structured(session.Steps[4]);
        var createdId = (string)created["id"]!;
        Assert.Equal(username, (string?)created["untrusted"]!["username"]);
        Assert.True((bool?)session.Steps[5]!["isError"]);
        Assert.Contains(createdId, (string)session.Steps[5]!["content"]![0]!["text"]!);
        Assert.Contains(createdId, Structured(session.Steps[6])["items"]!.AsArray().Select(i => (string)i!["id"]!));

        var update = await TypeScriptClient.RunAsync(directus.ServerEnvironment(),
            new("update_scrape_status", new { id = createdId, status = "error", error = "captcha" }),
            new("set_profile_active", new { id = createdId, is_active = false }));
        Assert.Equal("error", (string?)Structured(update.Steps[0])["scrape_status"]);
        Assert.False((bool)Structured(update.Steps[1])["is_active"]!);
        var row = (await directus.Rest.ItemsAsync("creator_profiles", DirectusRest.Filter(new { id = new { _eq = createdId } }))).Single()!;
        Assert.Equal("captcha", (string?)row["last_error"]);
        Assert.False((bool)row["is_active"]!);
        Assert.DoesNotContain("SEEDCANARY", session.RawOutput + update.RawOutput);
    }

    [Fact]
    public async Task Resources_and_the_triage_prompt_answer_the_typescript_client()
    {
        var sunrise = await directus.Rest.ProfileIdAsync("alice_sunrise");

        var session = await TypeScriptClient.RunAsync(directus.ServerEnvironment(),
            new TypeScriptClient.Step { ReadResource = "creatorprofiles://platforms" },
            new TypeScriptClient.Step { ReadResource = $"creatorprofiles://profiles/{sunrise}" },
            new TypeScriptClient.Step { GetPrompt = "triage_failed_scrapes" });

        var platforms = JsonNode.Parse((string)session.Steps[0]!["contents"]![0]!["text"]!)!["platforms"]!.AsArray();
        Assert.Equal(["onlyfans", "fansly"], platforms.Select(p => (string)p!["name"]!));
        Assert.All(platforms, p => Assert.Equal(900, (int)p!["scrape_cooldown_seconds"]!));
        var profile = JsonNode.Parse((string)session.Steps[1]!["contents"]![0]!["text"]!)!;
        Assert.Equal(sunrise, (string?)profile["profile"]!["id"]);
        var prompt = (string)session.Steps[2]!["messages"]![0]!["content"]!["text"]!;
        Assert.Contains("scrape_status \"error\"", prompt);
        Assert.DoesNotContain("SEEDCANARY", session.RawOutput);
    }
}
