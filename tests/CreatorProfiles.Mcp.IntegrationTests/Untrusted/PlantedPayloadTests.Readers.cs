using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace CreatorProfiles.Mcp.IntegrationTests.Untrusted;

public sealed partial class PlantedPayloadTests
{
    private const string ListProfiles = "list_creator_profiles";
    private const string SearchProfiles = "search_creator_profiles";
    private const string GetProfile = "get_creator_profile";
    private const string ProfileStats = "get_profile_stats";
    private const string SetActive = "set_profile_active";
    private const string CredentialsEntry = "request_credentials_entry";
    private const string TriggerScrape = "trigger_scrape";
    private const string CredentialsStatus = "get_credentials_status";
    private const string GetJob = "get_media_job";
    private const string ListJobs = "list_media_jobs";
    private const string ListHitl = "list_hitl_sessions";
    private const string ListMedia = "list_scraped_media";
    private const string Dashboard = "show_scrape_dashboard"; // listed to MCP Apps hosts only, but answers anyone
    private const string ProfileResource = "resource creatorprofiles://profiles/{id}";
    private const string TriagePrompt = "prompt triage_failed_scrapes";

    /// <summary>One answer as the model would see it: the text, and the structured content when there is one (for the
    /// resource: its JSON text parsed). <paramref name="MultiLine"/>: the prompt's own text, written in lines.</summary>
    private sealed record Reply(string Reader, string Text, JsonObject? Structured, bool MultiLine = false);

    private async Task<List<Reply>> ReadAsync(string reader, Planted planted)
    {
        _session = await StdioSession.StartAsync(directus.ServerEnvironment(), "2025-11-25");
        var client = _session.Client;
        var id = planted.ProfileId;
        return reader switch
        {
            ListProfiles => await WalkAsync(client, ListProfiles, new() { ["limit"] = 100 }),
            SearchProfiles => await WalkAsync(client, SearchProfiles, new() { ["platform"] = "fansly", ["limit"] = 100 }),
            GetProfile => [await CallAsync(client, GetProfile, new() { ["id"] = id })],
            ProfileStats => [await CallAsync(client, ProfileStats, [])],
            SetActive => [await CallAsync(client, SetActive, new() { ["id"] = id, ["is_active"] = true })],
            CredentialsEntry => [await CallAsync(client, CredentialsEntry, new() { ["profile_id"] = id })],
            TriggerScrape => [await CallAsync(client, TriggerScrape, new() { ["id"] = id })],
            CredentialsStatus => [await CallAsync(client, CredentialsStatus, new() { ["profile_id"] = id, ["verify"] = true })],
            GetJob => [await CallAsync(client, GetJob, new() { ["id"] = planted.JobId })],
            ListJobs => await WalkAsync(client, ListJobs, new() { ["profile_id"] = id }),
            ListHitl => await WalkAsync(client, ListHitl, new() { ["profile_id"] = id }),
            ListMedia => await WalkAsync(client, ListMedia, new() { ["profile_id"] = id }),
            Dashboard => [await CallAsync(client, Dashboard, [])],
            ProfileResource => [await ReadResourceAsync(client, id)],
            TriagePrompt => await FollowPromptAsync(client, id),
            _ => throw new ArgumentOutOfRangeException(nameof(reader), reader, "no such reader"),
        };
    }

    private static async Task<Reply> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        var structured = result.StructuredContent is { } s ? JsonNode.Parse(s.GetRawText())!.AsObject() : null;
        return new Reply(tool, result.Text(), structured);
    }

    private static async Task<List<Reply>> WalkAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var replies = new List<Reply>();
        do
        {
            var reply = await CallAsync(client, tool, arguments);
            Assert.True(reply.Structured is not null, $"{tool}: {reply.Text}");
            replies.Add(reply);
            arguments["cursor"] = (string?)reply.Structured!["next_cursor"];
        }
        while (arguments["cursor"] is not null && replies.Count < 50);

        return replies;
    }

    private static async Task<Reply> ReadResourceAsync(McpClient client, string profileId)
    {
        var contents = (TextResourceContents)Assert.Single((await client.ReadResourceAsync($"creatorprofiles://profiles/{profileId}")).Contents);
        return new Reply(ProfileResource, contents.Text, JsonNode.Parse(contents.Text)!.AsObject());
    }

    /// <summary>The prompt's own text, then the calls it tells the agent to make: the failing profiles, then this one.</summary>
    private static async Task<List<Reply>> FollowPromptAsync(McpClient client, string profileId)
    {
        var prompt = await client.GetPromptAsync("triage_failed_scrapes");
        var text = string.Concat(prompt.Messages.Select(m => m.Content).OfType<TextContentBlock>().Select(b => b.Text));
        Assert.Contains("untrusted", text, StringComparison.Ordinal); // it tells the agent where such text sits
        List<Reply> replies = [new Reply(TriagePrompt, text, null, MultiLine: true)];
        replies.AddRange(await WalkAsync(client, ListProfiles, new() { ["scrape_status"] = "error", ["limit"] = 100 }));
        replies.Add(await CallAsync(client, GetProfile, new() { ["id"] = profileId }));
        return replies;
    }
}
