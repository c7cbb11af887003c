using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;
using static CreatorProfiles.Mcp.IntegrationTests.Infrastructure.TypeScriptClient;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>
/// The official TypeScript SDK client (1.32.2) against `--transport http`: StreamableHTTPClientTransport at /mcp (the
/// default, stateless) and the deprecated SSEClientTransport at /sse (`--legacy-sse`), both sending the caller's
/// Directus token as `Authorization: Bearer` through requestInit headers.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class TypeScriptHttpClientTests(LocalDirectus directus)
{
    [Theory]
    [InlineData(HttpTransportMode.StreamableHttp)]
    [InlineData(HttpTransportMode.Sse)]
    public async Task Alice_lists_tools_and_sees_only_her_own_profiles(HttpTransportMode transport)
    {
        await using var server = await StartAsync(transport);
        var sunrise = await directus.Rest.ProfileIdAsync("alice_sunrise");
        var builder = await directus.Rest.ProfileIdAsync("bob_builder");
        var missing = Guid.NewGuid().ToString();

        var session = await RunHttpAsync(Endpoint(server, transport), transport, directus.Stack["ALICE_TOKEN"],
            new Step(ListTools: true),
            new Step("list_creator_profiles", new { limit = 5 }, Walk: true),
            new Step("get_creator_profile", new { id = sunrise }),
            new Step("get_creator_profile", new { id = builder }),
            new Step("get_creator_profile", new { id = missing }));

        Assert.Null(session.ConnectError);
        Assert.Equal("creator-profiles-mcp", (string?)session.ServerInfo["name"]);
        Assert.Equal("2025-11-25", session.ProtocolVersion);
        var tools = session.Steps[0]!["tools"]!.AsArray().Select(t => (string?)t!["name"]).ToList();
        Assert.Contains("list_creator_profiles", tools);
        Assert.Contains("get_creator_profile", tools);

        var pages = session.Steps[1]!["pages"]!.AsArray();
        Assert.True(pages.Count > 1, "limit 5 over alice's 7 seeded profiles walks more than one page");
        var items = pages.SelectMany(p => Structured(p!)["items"]!.AsArray()).ToList();
        Assert.Contains(items, p => (string?)p!["id"] == sunrise);
        Assert.All(items, p => Assert.Equal(directus.Stack["ALICE_USER_ID"], (string?)p!["user_id"]));

        Assert.Equal("alice_sunrise", (string?)Structured(session.Steps[2]!)["profile"]!["untrusted"]!["username"]);

        // Bob's profile is answered exactly like an id that does not exist.
        var foreign = session.Steps[3]!;
        var absent = session.Steps[4]!;
        Assert.True((bool?)foreign["isError"]);
        Assert.True((bool?)absent["isError"]);
        Assert.Equal(Text(absent).Replace(missing, "<id>", StringComparison.Ordinal), Text(foreign).Replace(builder, "<id>", StringComparison.Ordinal));
        Assert.DoesNotContain("bob_builder", session.RawOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streamable_HTTP_is_stateless_by_default_and_stateful_on_request()
    {
        await using var stateless = await HttpServerProcess.StartAsync(directus.ServerEnvironment());
        await using var stateful = await HttpServerProcess.StartAsync(directus.ServerEnvironment(), "--stateful");

        var sessions = await Task.WhenAll(
            RunHttpAsync(stateless.McpEndpoint, HttpTransportMode.StreamableHttp, directus.Stack["BOB_TOKEN"], new Step("list_creator_profiles", new { limit = 100 })),
            RunHttpAsync(stateful.McpEndpoint, HttpTransportMode.StreamableHttp, directus.Stack["BOB_TOKEN"], new Step("list_creator_profiles", new { limit = 100 })));
        var (first, second) = (sessions[0], sessions[1]);

        Assert.Null(first.SessionId);
        Assert.False(string.IsNullOrEmpty(second.SessionId));
        foreach (var session in new[] { first, second })
        {
            var items = Structured(session.Steps[0]!)["items"]!.AsArray();
            Assert.NotEmpty(items);
            Assert.All(items, p => Assert.Equal(directus.Stack["BOB_USER_ID"], (string?)p!["user_id"]));
        }
    }

    [Theory]
    [InlineData(HttpTransportMode.StreamableHttp)]
    [InlineData(HttpTransportMode.Sse)]
    public async Task A_missing_or_refused_token_gives_the_client_a_401(HttpTransportMode transport)
    {
        await using var server = await StartAsync(transport);

        var sessions = await Task.WhenAll(
            RunHttpAsync(Endpoint(server, transport), transport, bearerToken: null, new Step(ListTools: true)),
            RunHttpAsync(Endpoint(server, transport), transport, "not-a-directus-token", new Step(ListTools: true)));

        Assert.All(sessions, session =>
        {
            Assert.NotNull(session.ConnectError);
            Assert.Equal(401, (int?)session.ConnectError["code"]);
            Assert.Empty(session.Steps);
        });
    }

    private Task<HttpServerProcess> StartAsync(HttpTransportMode transport) => transport == HttpTransportMode.Sse
        ? HttpServerProcess.StartAsync(directus.ServerEnvironment(), "--legacy-sse")
        : HttpServerProcess.StartAsync(directus.ServerEnvironment());

    private static Uri Endpoint(HttpServerProcess server, HttpTransportMode transport) =>
        transport == HttpTransportMode.Sse ? new Uri(server.BaseUri, "/sse") : server.McpEndpoint;

    private static JsonObject Structured(JsonNode result)
    {
        Assert.True((bool?)result["isError"] != true, "tool error: " + Text(result));
        return result["structuredContent"]!.AsObject();
    }

    private static string Text(JsonNode result) =>
        string.Concat(result["content"]!.AsArray().Where(c => (string?)c!["type"] == "text").Select(c => (string?)c!["text"]));
}
