using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>`--transport http` as a real process: authentication, health, DNS-rebinding guard, limits.</summary>
[Collection(LocalDirectusCollection.Name)]
[Trait("Category", "AotSmoke")] // HTTP hosting, authentication and the endpoints' JSON must work in native code too
public sealed class HttpTransportTests(LocalDirectus directus) : IAsyncLifetime
{
    private static readonly string InitializeBody =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";

    private HttpServerProcess _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _server = await HttpServerProcess.StartAsync(directus.ServerEnvironment());

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-directus-token")]
    [InlineData("Basic YWRtaW46YWRtaW4=")]
    public async Task Missing_or_refused_tokens_get_401_with_WWW_Authenticate_and_no_hint_which(string? authorization)
    {
        using var response = await PostMcpAsync(InitializeBody, authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"creator-profiles-mcp\"", response.Headers.WwwAuthenticate.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("invalid", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expired", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("not-a-directus-token", _server.StandardError, StringComparison.Ordinal);
    }

    [Trait("Category", "Fast")]
    [Fact]
    public async Task A_caller_with_a_valid_token_lists_tools_and_reads_only_its_profiles()
    {
        await using var client = await _server.ConnectAsync(directus.Stack["ALICE_TOKEN"]);

        var tools = await client.ListToolsAsync();
        var page = (await client.CallAsync("list_creator_profiles", new { limit = 100 })).Structured();

        Assert.Contains(tools, t => t.Name == "get_creator_profile");
        var owners = page["items"]!.AsArray().Select(p => (string?)p!["user_id"]).Distinct().ToList();
        Assert.Equal([directus.Stack["ALICE_USER_ID"]], owners);
    }

    [Fact]
    public async Task The_SDK_default_protocol_works_over_HTTP_too()
    {
        await using var client = await _server.ConnectAsync(directus.Stack["BOB_TOKEN"], protocolVersion: null);

        var page = (await client.CallAsync("list_creator_profiles", new { limit = 100 })).Structured();

        Assert.All(page["items"]!.AsArray(), p => Assert.Equal(directus.Stack["BOB_USER_ID"], (string?)p!["user_id"]));
    }

    [Fact]
    public async Task Liveness_needs_no_token_and_readiness_checks_Directus()
    {
        using var live = await _http.GetAsync(new Uri(_server.BaseUri, "/healthz"));
        using var ready = await _http.GetAsync(new Uri(_server.BaseUri, "/readyz"));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Readiness_fails_while_Directus_is_unreachable_and_liveness_does_not()
    {
        var environment = directus.ServerEnvironment();
        environment["DIRECTUS_URL"] = "http://127.0.0.1:9"; // discard port: nothing listens
        await using var server = await HttpServerProcess.StartAsync(environment);

        using var live = await _http.GetAsync(new Uri(server.BaseUri, "/healthz"));
        using var ready = await _http.GetAsync(new Uri(server.BaseUri, "/readyz"));
        using var call = await PostMcpAsync(InitializeBody, "Bearer " + directus.Stack["ALICE_TOKEN"], server);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, call.StatusCode); // the token cannot be checked: not the caller's fault
    }

    [Theory]
    [InlineData("evil.example", null)]
    [InlineData("localhost", "http://evil.example")]
    [InlineData("127.0.0.1.nip.io", null)]
    public async Task Requests_naming_a_foreign_host_or_origin_are_refused_on_loopback(string host, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.McpEndpoint) { Content = Json(InitializeBody) };
        request.Headers.Host = host;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", directus.Stack["ALICE_TOKEN"]);
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_servers_own_origin_is_accepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.McpEndpoint) { Content = Json(InitializeBody) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", directus.Stack["ALICE_TOKEN"]);
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Add("Origin", _server.BaseUri.GetLeftPart(UriPartial.Authority));

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Oversized_requests_are_refused_before_they_reach_a_tool()
    {
        var huge = new string('x', 2 * 1024 * 1024);
        var body = """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"search_creator_profiles","arguments":{"query":"QUERY"}}}""".Replace("QUERY", huge, StringComparison.Ordinal);

        using var response = await PostMcpAsync(body, "Bearer " + directus.Stack["ALICE_TOKEN"]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task An_escaped_lone_surrogate_in_a_tool_call_is_refused_by_argument_name()
    {
        const string request = """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get_creator_profile","arguments":{"id":"\ud800"}}}""";

        using var response = await PostMcpAsync(request, "Bearer " + directus.Stack["ALICE_TOKEN"], protocolVersion: "2025-11-25");
        var body = await response.Content.ReadAsStringAsync();
        var answer = System.Text.Json.Nodes.JsonNode.Parse(body.Split('\n').Single(l => l.StartsWith("data:", StringComparison.Ordinal))[5..])!;

        // Before: the SDK failed reading the params and answered a bare JSON-RPC "An error occurred." for a known tool.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(answer["error"]);
        Assert.True((bool?)answer["result"]!["isError"], body);
        Assert.Contains("'id'", (string?)answer["result"]!["content"]![0]!["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_auth_is_refused_on_a_non_loopback_address()
    {
        var (command, arguments) = ServerCommand.Get("--transport", "http", "--urls", "http://0.0.0.0:0", "--no-auth");

        var result = await ProcessRunner.RunAsync(command, arguments, directus.ServerEnvironment(), timeout: TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--no-auth: refused", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_auth_on_loopback_acts_as_the_service_token_owner()
    {
        await using var server = await HttpServerProcess.StartAsync(directus.ServerEnvironment(directus.Stack["BOB_TOKEN"]), "--no-auth");
        await using var client = await server.ConnectAsync(token: null);

        var page = (await client.CallAsync("list_creator_profiles", new { limit = 100 })).Structured();

        Assert.NotEmpty(page["items"]!.AsArray());
        Assert.All(page["items"]!.AsArray(), p => Assert.Equal(directus.Stack["BOB_USER_ID"], (string?)p!["user_id"]));
    }

    [Fact]
    public async Task A_stateful_session_belongs_to_the_caller_who_opened_it()
    {
        await using var server = await HttpServerProcess.StartAsync(directus.ServerEnvironment(), "--stateful");
        using var opened = await PostMcpAsync(InitializeBody, "Bearer " + directus.Stack["ALICE_TOKEN"], server);
        var sessionId = opened.Headers.GetValues("Mcp-Session-Id").Single();
        const string list = """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""";

        using var byAlice = await PostMcpAsync(list, "Bearer " + directus.Stack["ALICE_TOKEN"], server, sessionId);
        using var byBob = await PostMcpAsync(list, "Bearer " + directus.Stack["BOB_TOKEN"], server, sessionId);

        Assert.Equal(HttpStatusCode.OK, byAlice.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byBob.StatusCode);
    }

    [Fact]
    public async Task A_stateful_client_works_end_to_end()
    {
        await using var server = await HttpServerProcess.StartAsync(directus.ServerEnvironment(), "--stateful");
        await using var client = await server.ConnectAsync(directus.Stack["ALICE_TOKEN"]);

        var page = (await client.CallAsync("list_creator_profiles", new { limit = 100 })).Structured();

        Assert.NotNull(client.SessionId);
        Assert.All(page["items"]!.AsArray(), p => Assert.Equal(directus.Stack["ALICE_USER_ID"], (string?)p!["user_id"]));
    }

    [Fact]
    public async Task Stateless_refuses_resources_subscribe_with_what_to_do_and_stateful_accepts_it()
    {
        var uri = "creatorprofiles://profiles/" + await directus.Rest.ProfileIdAsync("alice_sunrise");
        await using var stateless = await _server.ConnectAsync(directus.Stack["ALICE_TOKEN"]);
        await using var server = await HttpServerProcess.StartAsync(directus.ServerEnvironment(), "--stateful");
        await using var stateful = await server.ConnectAsync(directus.Stack["ALICE_TOKEN"]);

        var refusal = await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(() => stateless.SubscribeToResourceAsync(uri));
        await stateful.SubscribeToResourceAsync(uri);

        Assert.Contains("--stateful", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("subscriptions/listen", refusal.Message, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostMcpAsync(
        string body, string? authorization, HttpServerProcess? server = null, string? sessionId = null, string? protocolVersion = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, (server ?? _server).McpEndpoint) { Content = Json(body) };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
            protocolVersion ??= "2025-11-25";
        }

        if (protocolVersion is not null)
        {
            request.Headers.Add("MCP-Protocol-Version", protocolVersion);
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await _http.SendAsync(request);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
