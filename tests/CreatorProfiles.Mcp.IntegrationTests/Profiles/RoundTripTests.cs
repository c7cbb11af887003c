using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Profiles;

/// <summary>Directus requests per tool call, counted on the wire (docs/performance.md: list 1, get &lt;= 2, search 1, update 1).</summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class RoundTripTests(LocalDirectus directus, ITestOutputHelper output)
{
    [Fact]
    public async Task Each_profiles_tool_makes_the_fewest_directus_requests()
    {
        await using var server = await InProcessServer.StartAsync(directus.ServerEnvironment());
        await server.Client.CallAsync("list_creator_profiles", new { limit = 1 }); // resolves the caller once per process

        async Task<IReadOnlyList<string>> CountAsync(string tool, object arguments)
        {
            server.ResetRequests();
            var result = await server.Client.CallAsync(tool, arguments);
            Assert.True(result.IsError != true, result.Text());
            output.WriteLine($"{tool}: {server.Requests.Count} ({string.Join(", ", server.Requests)})");
            return server.Requests;
        }

        Assert.Single(await CountAsync("create_creator_profile", new { platform = "fansly", username = "rt_" + Guid.NewGuid().ToString("N")[..8] }));
        var id = (string)(await server.Client.CallAsync("list_creator_profiles", new { limit = 100 })).Structured()["items"]!.AsArray()
            .First(p => ((string)p!["untrusted"]!["username"]!).StartsWith("rt_", StringComparison.Ordinal))!["id"]!; // a profile of its own: seeded rows stay as seeded
        Assert.Single(await CountAsync("list_creator_profiles", new { platform = "onlyfans", limit = 5 }));
        Assert.Single(await CountAsync("get_creator_profile", new { id }));
        Assert.Single(await CountAsync("search_creator_profiles", new { platform = "fansly", query = "rt_" }));
        Assert.Single(await CountAsync("update_scrape_status", new { id, status = "idle" }));
        Assert.Single(await CountAsync("set_profile_active", new { id, is_active = true }));
        Assert.Equal(2, (await CountAsync("get_profile_stats", new { })).Count);
        Assert.Single(await CountAsync("set_profile_credentials", new { profile_id = id, credentials = new { password = "rt-secret" } }));
        Assert.Single(await CountAsync("get_credentials_status", new { profile_id = id, verify = true }));
        Assert.Empty(await CountAsync("encrypt_credentials", new { credentials = new { password = "rt-secret" } }));
    }
}
