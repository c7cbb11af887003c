using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Profiles;

/// <summary>list_creator_profiles through the official TypeScript SDK client (npm), checked against Directus.</summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class TypeScriptClientTests(LocalDirectus directus)
{
    private static JsonObject Structured(JsonNode? step)
    {
        Assert.NotEqual(true, (bool?)step!["isError"]);
        return step["structuredContent"]!.AsObject();
    }

    [Fact]
    public async Task Lists_walks_and_filters_the_seeded_profiles()
    {
        var all = (await directus.Rest.ItemsAsync("creator_profiles", fields: "id,platform,scrape_status,is_active")).Select(p => p!.AsObject()).ToList();

        var session = await TypeScriptClient.RunAsync(directus.ServerEnvironment(),
            new(ListTools: true),
            new("list_creator_profiles", new { limit = 100 }),
            new("list_creator_profiles", new { limit = 5 }),
            new("list_creator_profiles", new { platform = "OnlyFans", limit = 100 }),
            new("list_creator_profiles", new { scrape_status = "error", limit = 100 }),
            new("list_creator_profiles", new { is_active = false, limit = 100 }));

        Assert.Equal("creator-profiles-mcp", (string?)session.ServerInfo["name"]);
        var tools = session.Steps[0]!["tools"]!.AsArray();
        var listTool = tools.Single(t => (string?)t!["name"] == "list_creator_profiles")!;
        Assert.Equal(true, (bool?)listTool["annotations"]!["readOnlyHint"]);
        Assert.NotNull(listTool["outputSchema"]);

        static IEnumerable<string> Ids(JsonObject page) => page["items"]!.AsArray().Select(i => (string)i!["id"]!);
        Assert.Equal(all.Select(p => (string)p["id"]!).Order(), Ids(Structured(session.Steps[1])).Order());
        var firstPage = Structured(session.Steps[2]);
        Assert.Equal(5, firstPage["items"]!.AsArray().Count);
        Assert.NotNull((string?)firstPage["next_cursor"]);
        Assert.Equal(all.Where(p => (string)p["platform"]! == "onlyfans").Select(p => (string)p["id"]!).Order(), Ids(Structured(session.Steps[3])).Order());
        Assert.Equal(all.Where(p => (string)p["scrape_status"]! == "error").Select(p => (string)p["id"]!).Order(), Ids(Structured(session.Steps[4])).Order());
        Assert.Equal(all.Where(p => !(bool)p["is_active"]!).Select(p => (string)p["id"]!).Order(), Ids(Structured(session.Steps[5])).Order());
    }

    [Fact]
    public async Task A_cursor_walk_through_the_typescript_client_returns_every_row_once()
    {
        var expected = (await directus.Rest.ItemsAsync("creator_profiles", fields: "id")).Select(p => (string)p!["id"]!).Order().ToList();

        var session = await TypeScriptClient.RunAsync(directus.ServerEnvironment(), new TypeScriptClient.Step("list_creator_profiles", new { limit = 4 }, Walk: true));

        var pages = session.Steps[0]!["pages"]!.AsArray();
        Assert.True(pages.Count >= 3, "12+ profiles in pages of 4");
        var seen = pages.SelectMany(p => Structured(p)["items"]!.AsArray().Select(i => (string)i!["id"]!)).ToList();
        Assert.Equal(expected, seen.Order());
    }

    [Fact]
    public async Task Bad_arguments_come_back_as_tool_errors_and_no_result_carries_a_credential()
    {
        var session = await TypeScriptClient.RunAsync(directus.ServerEnvironment(),
            new("list_creator_profiles", new { limit = 0 }),
            new("list_creator_profiles", new { limit = 1000 }),
            new("list_creator_profiles", new { scrape_status = "finished" }),
            new("list_creator_profiles", new { cursor = "%%%not-a-cursor" }),
            new("list_creator_profiles", new { user_id = "12345" }),
            new("list_creator_profiles", new { limit = 100 }));

        string[] fields = ["'limit'", "'limit'", "'scrape_status'", "'cursor'", "'user_id'"];
        for (var i = 0; i < fields.Length; i++)
        {
            var step = session.Steps[i]!;
            Assert.True((bool?)step["isError"], $"step {i} should be a tool error");
            var text = (string)step["content"]![0]!["text"]!;
            Assert.Contains(fields[i], text);
            Assert.Contains("Allowed", text);
        }

        // The demo data's secret values all contain SEEDCANARY; envelopes start with v1:. Neither may surface.
        Assert.DoesNotContain("SEEDCANARY", session.RawOutput);
        Assert.DoesNotContain("v1:", session.RawOutput);
        Assert.DoesNotContain("\"credentials\"", session.RawOutput);
        Assert.DoesNotContain("SEEDCANARY", session.ServerStandardError);
    }
}
