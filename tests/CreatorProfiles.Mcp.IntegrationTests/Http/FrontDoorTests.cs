using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>
/// What every HTTP request passes before MCP: the client address from a trusted proxy only (observed through the
/// per-address limit on requests without a valid token, one request a minute here), the Host allow-list, the Origin
/// compared by scheme, host and port, and nosniff on every answer.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed partial class FrontDoorTests(LocalDirectus directus) : IDisposable
{
    private const string InitializeBody =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";

    private readonly HttpClient _http = new();

    [Fact]
    public async Task Behind_the_default_loopback_proxy_the_forwarded_address_is_the_client_address()
    {
        await using var server = await HttpServerProcess.StartBoundAsync(OneUnauthenticatedRequestAMinute(), "/",
            "--urls", "http://0.0.0.0:0", "--behind-proxy", "--allowed-hosts", "127.0.0.1");

        var first = await PostUnauthenticatedAsync(server.LoopbackUri, forwardedFor: "203.0.113.7");
        var second = await PostUnauthenticatedAsync(server.LoopbackUri, forwardedFor: "203.0.113.7");
        var otherForwarded = await PostUnauthenticatedAsync(server.LoopbackUri, forwardedFor: "203.0.113.8");
        var proxyItself = await PostUnauthenticatedAsync(server.LoopbackUri, forwardedFor: null);

        // Each forwarded address has its own bucket, and the proxy's (127.0.0.1) was never taken from.
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized],
            [first, second, otherForwarded, proxyItself]);
    }

    [Fact]
    public async Task A_forwarded_address_from_a_proxy_not_trusted_is_ignored()
    {
        await using var server = await HttpServerProcess.StartAsync(OneUnauthenticatedRequestAMinute(), "--behind-proxy", "--trusted-proxies", "10.0.0.1,10.1.0.0/16");

        var first = await PostUnauthenticatedAsync(server.BaseUri, forwardedFor: "203.0.113.7");
        var otherForwarded = await PostUnauthenticatedAsync(server.BaseUri, forwardedFor: "203.0.113.8");
        var direct = await PostUnauthenticatedAsync(server.BaseUri, forwardedFor: null);

        // 127.0.0.1 is not a trusted proxy: every request is counted as 127.0.0.1's, whatever it says it forwards.
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], [first, otherForwarded, direct]);
    }

    [Fact]
    public async Task A_host_not_in_the_allowed_hosts_is_refused_and_an_allowed_one_is_served()
    {
        await using var server = await HttpServerProcess.StartAsync(directus.ServerEnvironment(), "--allowed-hosts", "mcp.example.test,*.tenants.example.test");

        var foreign = await PostAsync(server.BaseUri, host: "evil.example");
        var loopbackName = await PostAsync(server.BaseUri, host: "127.0.0.1");
        var allowed = await PostAsync(server.BaseUri, host: "mcp.example.test");
        var subdomain = await PostAsync(server.BaseUri, host: "a.tenants.example.test");
        using var probe = await SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUri, "/healthz")) { Headers = { Host = "10.0.0.7" } });

        Assert.Equal(HttpStatusCode.Forbidden, foreign);
        Assert.Equal(HttpStatusCode.Forbidden, loopbackName); // the list replaces the loopback names
        Assert.Equal(HttpStatusCode.OK, allowed);
        Assert.Equal(HttpStatusCode.OK, subdomain);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode); // health probes answer whatever the Host
    }

    [Fact]
    public async Task An_origin_is_accepted_only_with_the_same_scheme_host_and_port_or_when_allowed()
    {
        await using var server = await HttpServerProcess.StartAsync(directus.ServerEnvironment(), "--allowed-origins", "http://localhost:6274");
        var port = server.BaseUri.Port;

        var same = await PostAsync(server.BaseUri, origin: $"http://127.0.0.1:{port}");
        var otherPort = await PostAsync(server.BaseUri, origin: $"http://127.0.0.1:{port + 1}");
        var otherScheme = await PostAsync(server.BaseUri, origin: $"https://127.0.0.1:{port}");
        var otherLoopbackName = await PostAsync(server.BaseUri, origin: $"http://localhost:{port}");
        var opaque = await PostAsync(server.BaseUri, origin: "null");
        var allowed = await PostAsync(server.BaseUri, origin: "http://localhost:6274");
        var allowedNameOtherPort = await PostAsync(server.BaseUri, origin: "http://localhost:6275");

        Assert.Equal(HttpStatusCode.OK, same);
        Assert.Equal(HttpStatusCode.Forbidden, otherPort);
        Assert.Equal(HttpStatusCode.Forbidden, otherScheme);
        Assert.Equal(HttpStatusCode.Forbidden, otherLoopbackName);
        Assert.Equal(HttpStatusCode.Forbidden, opaque);
        Assert.Equal(HttpStatusCode.OK, allowed);
        Assert.Equal(HttpStatusCode.Forbidden, allowedNameOtherPort);
    }

    [Fact]
    public async Task Every_answer_carries_nosniff_JSON_ones_included()
    {
        await using var server = await HttpServerProcess.StartAsync(directus.ServerEnvironment());
        var alice = directus.Stack["ALICE_TOKEN"];
        var credentials = new Uri(server.BaseUri, "/api/credentials/encrypt");
        HttpRequestMessage[] requests =
        [
            Post(new Uri(server.BaseUri, "/mcp"), InitializeBody, alice, json: true),
            Post(new Uri(server.BaseUri, "/mcp"), """{"jsonrpc":"2.0","id":2,"method":"no/such/method"}""", alice, json: true),
            Post(new Uri(server.BaseUri, "/mcp"), InitializeBody, token: null, json: true),
            Post(credentials, "{not json", alice, json: false),
            Post(credentials, """{"credentials":{"password":"x"}}""", alice, json: false),
            new(HttpMethod.Get, new Uri(server.BaseUri, "/healthz")),
            new(HttpMethod.Get, new Uri(server.BaseUri, "/readyz")),
            new(HttpMethod.Post, new Uri(server.BaseUri, "/mcp")) { Headers = { Host = "evil.example" } },
        ];

        foreach (var request in requests)
        {
            using var answer = await SendAsync(request);
            Assert.True(answer.Headers.TryGetValues("X-Content-Type-Options", out var values) && values.Single() == "nosniff",
                $"{request.Method} {request.RequestUri!.AbsolutePath} answered {(int)answer.StatusCode} {answer.Content.Headers.ContentType} without nosniff");
        }
    }

    private Dictionary<string, string?> OneUnauthenticatedRequestAMinute()
    {
        var environment = directus.ServerEnvironment();
        environment["RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE"] = "1";
        return environment;
    }

    /// <summary>An MCP initialize without a token, so it takes from the unauthenticated bucket of its client address.</summary>
    private async Task<HttpStatusCode> PostUnauthenticatedAsync(Uri baseUri, string? forwardedFor)
    {
        using var request = Post(new Uri(baseUri, "/mcp"), InitializeBody, token: null, json: true);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var answer = await SendAsync(request);
        return answer.StatusCode;
    }

    /// <summary>An MCP initialize as alice.</summary>
    private async Task<HttpStatusCode> PostAsync(Uri baseUri, string? host = null, string? origin = null)
    {
        using var request = Post(new Uri(baseUri, "/mcp"), InitializeBody, directus.Stack["ALICE_TOKEN"], json: true);
        request.Headers.Host = host;
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var answer = await SendAsync(request);
        return answer.StatusCode;
    }

    private static HttpRequestMessage Post(Uri uri, string body, string? token, bool json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (json)
        {
            request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        }

        return request;
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _http.SendAsync(request);

    public void Dispose() => _http.Dispose();
}
