using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Golden;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>What protocol revision 2026-07-28 asks of list results, as a stateless HTTP client sees it: cache hints
/// that never let a shared cache serve one caller's results to another, and a tool order that does not change.</summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class CacheHintsTests(LocalDirectus directus) : IAsyncLifetime
{
    private HttpServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await HttpServerProcess.StartAsync(directus.ServerEnvironment());

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Every_cacheable_result_is_private_catalogues_keep_five_minutes_profiles_are_stale_at_once()
    {
        await using var client = await _server.ConnectAsync(directus.Stack["ALICE_TOKEN"], protocolVersion: "2026-07-28");
        var profileId = (string?)(await client.CallAsync("list_creator_profiles", new { limit = 1 })).Structured()["items"]![0]!["id"]
            ?? throw new InvalidOperationException("alice has no profile");

        var results = new Dictionary<string, JsonObject>
        {
            ["tools/list"] = await client.RequestAsync("tools/list", []),
            ["prompts/list"] = await client.RequestAsync("prompts/list", []),
            ["resources/templates/list"] = await client.RequestAsync("resources/templates/list", []),
            ["resources/list"] = await client.RequestAsync("resources/list", []),
            ["resources/read"] = await client.RequestAsync("resources/read", new JsonObject { ["uri"] = $"creatorprofiles://profiles/{profileId}" }),
        };

        Assert.All(results, r => Assert.Equal("private", (string?)r.Value["cacheScope"]));
        Assert.Equal(
            new Dictionary<string, long> { ["tools/list"] = 300_000, ["prompts/list"] = 300_000, ["resources/templates/list"] = 300_000, ["resources/list"] = 0, ["resources/read"] = 0 },
            results.ToDictionary(r => r.Key, r => (long)r.Value["ttlMs"]!));
    }

    [Fact]
    public async Task Tools_come_in_the_same_order_for_every_client_and_every_call()
    {
        await using var stateless = await _server.ConnectAsync(directus.Stack["ALICE_TOKEN"], protocolVersion: "2026-07-28");
        await using var handshake = await _server.ConnectAsync(directus.Stack["BOB_TOKEN"], protocolVersion: "2025-11-25");

        var first = await ToolNamesAsync(stateless);
        Assert.True(first.Count > 1);
        Assert.Equal(first, await ToolNamesAsync(stateless));
        Assert.Equal(first, await ToolNamesAsync(handshake));
    }

    private static async Task<List<string>> ToolNamesAsync(ModelContextProtocol.Client.McpClient client) =>
        [.. (await client.RequestAsync("tools/list", []))["tools"]!.AsArray().Select(t => (string)t!["name"]!)];
}
