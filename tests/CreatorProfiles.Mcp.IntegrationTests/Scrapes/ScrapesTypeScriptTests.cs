using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Scrapes;

/// <summary>The scrapes toolset through the official TypeScript SDK client (which also validates every structuredContent
/// against the tool's outputSchema): the trigger outcomes, the read tools, fenced media and a resource subscription.</summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class ScrapesTypeScriptTests(LocalDirectus directus) : IDisposable
{
    private static readonly string[] ScrapeTools = ["trigger_scrape", "get_media_job", "list_media_jobs", "list_hitl_sessions", "list_scraped_media"];
    private static readonly string[] Hints = ["readOnlyHint", "openWorldHint"];
    private readonly ScrapeTestData _data = new(directus);

    private static JsonObject Structured(JsonNode? step)
    {
        Assert.True((bool?)step!["isError"] != true, step.ToJsonString());
        return step["structuredContent"]!.AsObject();
    }

    [Fact]
    public async Task Every_trigger_outcome_and_the_read_tools_answer_the_typescript_client()
    {
        var ready = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid);
        var noCookies = await _data.CreateProfileAsync(platform: "fansly", cookies: ScrapeTestData.Cookies.None);
        var recent = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid, lastScrapedAt: DateTimeOffset.UtcNow.AddMinutes(-3));
        var inactive = await _data.CreateProfileAsync(isActive: false);
        var sunrise = await directus.Rest.ProfileIdAsync("alice_sunrise");

        var session = await TypeScriptClient.RunAsync(directus.ServerEnvironment(),
            new(ListTools: true),
            new("trigger_scrape", new { id = ready }),
            new("trigger_scrape", new { id = ready }),
            new("trigger_scrape", new { id = noCookies }),
            new("trigger_scrape", new { id = noCookies }),
            new("trigger_scrape", new { id = recent }),
            new("trigger_scrape", new { id = recent, force = true }),
            new("trigger_scrape", new { id = inactive, force = true }),
            new("list_media_jobs", new { profile_id = ready }),
            new("list_hitl_sessions", new { profile_id = noCookies }),
            new("list_scraped_media", new { profile_id = sunrise }),
            new("trigger_scrape", new { id = "nope" }));

        var tools = session.Steps[0]!["tools"]!.AsArray().Select(t => t!.AsObject()).Where(t => ScrapeTools.Contains((string)t["name"]!)).ToList();
        Assert.Equal(ScrapeTools.Length, tools.Count);
        Assert.All(tools, t =>
        {
            foreach (var hint in (bool?)t["annotations"]?["readOnlyHint"] == true ? Hints : [.. Hints, "destructiveHint", "idempotentHint"])
            {
                Assert.NotNull(t["annotations"]?[hint]);
            }

            Assert.NotNull(t["title"]);
            Assert.NotNull(t["outputSchema"]);
        });

        var queued = Structured(session.Steps[1]);
        Assert.Equal("job_queued", (string?)queued["outcome"]);
        var again = Structured(session.Steps[2]);
        Assert.Equal("already_queued", (string?)again["outcome"]);
        Assert.Equal((string?)queued["job_id"], (string?)again["job_id"]);
        var hitl = Structured(session.Steps[3]);
        Assert.Equal("hitl_required", (string?)hitl["outcome"]);
        Assert.Equal((string?)hitl["hitl_session_id"], (string?)Structured(session.Steps[4])["hitl_session_id"]);
        var cooldown = Structured(session.Steps[5]);
        Assert.Equal("cooldown", (string?)cooldown["outcome"]);
        Assert.NotNull(cooldown["next_allowed_at"]);
        Assert.Equal("job_queued", (string?)Structured(session.Steps[6])["outcome"]);
        Assert.Equal("inactive", (string?)Structured(session.Steps[7])["outcome"]);

        Assert.Equal((string?)queued["job_id"], (string?)Structured(session.Steps[8])["items"]![0]!["id"]);
        Assert.Equal((string?)hitl["hitl_session_id"], (string?)Structured(session.Steps[9])["items"]![0]!["id"]);
        var media = Structured(session.Steps[10]);
        var fence = (string)media["untrusted_content"]!["fence"]!;
        var text = (string)session.Steps[10]!["content"]![0]!["text"]!;
        Assert.Equal(media["items"]!.AsArray().Count * 3 - 1, Regex.Count(text, $"⟦untrusted {fence}⟧")); // media type, caption, url; one caption is null
        Assert.DoesNotContain("Ignore all previous", Regex.Replace(text, $"⟦untrusted {fence}⟧.*?⟦/untrusted {fence}⟧", ""));
        Assert.True((bool?)session.Steps[11]!["isError"]);
        Assert.Contains("'id'", (string)session.Steps[11]!["content"]![0]!["text"]!);

        Assert.Single(await _data.RowsOfProfileAsync("media_jobs", ready));
        Assert.Single(await _data.RowsOfProfileAsync("hitl_sessions", noCookies));
        Assert.Empty(await _data.RowsOfProfileAsync("media_jobs", inactive));
    }

    [Fact]
    public async Task A_typescript_client_subscribed_to_a_profile_is_notified_when_a_trigger_changes_it()
    {
        var id = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid);
        var uri = $"creatorprofiles://profiles/{id}";
        var environment = directus.ServerEnvironment();
        environment["RESOURCE_POLL_INTERVAL"] = "00:00:01";

        var session = await TypeScriptClient.RunAsync(environment,
            new TypeScriptClient.Step { Subscribe = uri },
            new("trigger_scrape", new { id }),
            new TypeScriptClient.Step { WaitUpdated = uri });

        Assert.Null(session.Steps[0]!["protocol_error"]);
        Assert.Equal("job_queued", (string?)Structured(session.Steps[1])["outcome"]);
        Assert.True((bool)session.Steps[2]!["updated"]!, session.Steps[2]!.ToJsonString());
        Assert.All(session.Steps[2]!["uris"]!.AsArray(), u => Assert.Equal(uri, (string?)u));
    }

    public void Dispose() => _data.Dispose();
}
