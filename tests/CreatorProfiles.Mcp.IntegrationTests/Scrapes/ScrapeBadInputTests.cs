using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Scrapes;

/// <summary>Bad input for every scrapes tool: a clear tool error that names the argument and what is allowed, and a
/// read-back of all five collections proving that nothing was written.</summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class ScrapeBadInputTests(LocalDirectus directus) : IDisposable
{
    private readonly ScrapeTestData _data = new(directus);

    public static TheoryData<string, string, string> BadInputs => new()
    {
        // tool, arguments ({sunrise}: a seeded profile id, {unsupported}: a profile on a platform the server does not support), words the refusal must contain
        { "trigger_scrape", """{"id":"not-a-uuid"}""", "'id'|UUID" },
        { "trigger_scrape", """{}""", "'id'|Missing" },
        { "trigger_scrape", """{"id":"{sunrise}","force":"yes"}""", "'force'|boolean" },
        { "trigger_scrape", """{"id":"{sunrise}","priority":1}""", "'priority'|Allowed arguments" },
        { "trigger_scrape", """{"id":"00000000-0000-4000-8000-000000000000"}""", "No creator profile|not yours" },
        { "trigger_scrape", """{"id":"{unsupported}","force":true}""", "myspace|not support|onlyfans, fansly" },
        { "get_media_job", """{"id":"job-1"}""", "'id'|UUID" },
        { "get_media_job", """{"id":17}""", "'id'|string" },
        { "get_media_job", """{"id":"00000000-0000-4000-8000-000000000000"}""", "No media job|list_media_jobs" },
        { "list_media_jobs", """{"status":"finished"}""", "'status'|queued, running, done, failed" },
        { "list_media_jobs", """{"profile_id":"123"}""", "'profile_id'|UUID" },
        { "list_media_jobs", """{"limit":0}""", "'limit'|1 to 100" },
        { "list_media_jobs", """{"cursor":"bm90IGEgY3Vyc29y"}""", "'cursor'|next_cursor" },
        { "list_hitl_sessions", """{"status":"open"}""", "'status'|pending, resolved, expired, cancelled" },
        { "list_hitl_sessions", """{"profile_id":"abc"}""", "'profile_id'|UUID" },
        { "list_hitl_sessions", """{"limit":500}""", "'limit'|1 to 100" },
        { "list_scraped_media", """{}""", "'profile_id'|Missing" },
        { "list_scraped_media", """{"profile_id":"{sunrise}","job_id":"x"}""", "'job_id'|UUID" },
        { "list_scraped_media", """{"profile_id":"{sunrise}","limit":"ten"}""", "'limit'|integer" },
        { "list_scraped_media", """{"profile_id":"{sunrise}","caption":"*"}""", "'caption'|Allowed arguments" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_a_clear_tool_error_and_writes_nothing(string tool, string argumentsJson, string expectedWords)
    {
        var sunrise = await directus.Rest.ProfileIdAsync("alice_sunrise");
        var unsupported = argumentsJson.Contains("{unsupported}", StringComparison.Ordinal)
            ? await UnsupportedPlatformProfileAsync()
            : "";
        var arguments = JsonNode.Parse(argumentsJson.Replace("{sunrise}", sunrise).Replace("{unsupported}", unsupported))!
            .AsObject().ToDictionary(p => p.Key, p => (object?)p.Value);
        var before = await _data.SnapshotAsync();
        await using var session = await StdioSession.StartAsync(directus.ServerEnvironment(), "2025-11-25");

        var result = await session.Client.CallAsync(tool, arguments);

        Assert.True(result.IsError, $"{tool} {argumentsJson} should be refused: {result.Text()}");
        foreach (var word in expectedWords.Split('|'))
        {
            Assert.Contains(word, result.Text(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("   at ", result.Text());
        Assert.Equal(before, await _data.SnapshotAsync());
    }

    /// <summary>A profile whose platform is not in SUPPORTED_PLATFORMS (written directly, as another tool could have).</summary>
    private async Task<string> UnsupportedPlatformProfileAsync()
    {
        var id = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid);
        await _data.PatchAsync("creator_profiles", id, new JsonObject { ["platform"] = "myspace" });
        return id;
    }

    public void Dispose() => _data.Dispose();
}
