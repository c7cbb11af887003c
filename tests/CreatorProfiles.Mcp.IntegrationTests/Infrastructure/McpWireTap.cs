using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;

namespace CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

/// <summary>
/// Sits between a real MCP client and the server, as an attacker holding the client would: records every POST's
/// JSON-RPC message and the server's answer, may rewrite a message before it leaves, and can send a recorded one
/// again (with another bearer token). POST answers are buffered whole, so it is for request/response POSTs only.
/// </summary>
public sealed class McpWireTap() : DelegatingHandler(new SocketsHttpHandler())
{
    /// <summary>Applied to each outgoing message; returns the message to send instead, or null to send it as it is.</summary>
    public Func<JsonObject, JsonObject?>? Rewrite { get; set; }

    public ConcurrentQueue<McpExchange> Exchanges { get; } = new();

    /// <summary>The recorded exchanges of <paramref name="method"/> (e.g. tools/call), in order.</summary>
    public List<McpExchange> Of(string method) => [.. Exchanges.Where(e => (string?)e.Request["method"] == method)];

    /// <summary>A client of the server at <paramref name="mcpEndpoint"/> whose traffic goes through this tap.</summary>
    public Task<McpClient> ConnectAsync(Uri mcpEndpoint, string token, McpClientOptions options) =>
        McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = mcpEndpoint,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
        }, new HttpClient(this, disposeHandler: false), ownsHttpClient: true), options);

    /// <summary>Sends a recorded message again, as recorded or under another caller's <paramref name="token"/>, with
    /// <paramref name="change"/> applied to a copy of it; returns the server's answer.</summary>
    public static async Task<JsonObject> ResendAsync(McpExchange exchange, string? token = null, Action<JsonObject>? change = null)
    {
        var message = exchange.Request.DeepClone().AsObject();
        change?.Invoke(message);
        using var request = new HttpRequestMessage(HttpMethod.Post, exchange.Uri) { Content = Json(message.ToJsonString()) };
        foreach (var (name, value) in exchange.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, name == "Authorization" && token is not null ? "Bearer " + token : value);
        }

        using var client = new HttpClient(new SocketsHttpHandler());
        using var response = await client.SendAsync(request);
        return Answer(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException($"no JSON-RPC answer ({(int)response.StatusCode})");
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Post || request.Content is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var message = JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
        message = Rewrite?.Invoke(message) ?? message;
        request.Content = Json(message.ToJsonString());
        var response = await base.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var buffered = new StringContent(body);
        buffered.Headers.ContentType = response.Content.Headers.ContentType;
        response.Content = buffered;
        Exchanges.Enqueue(new McpExchange(request.RequestUri!, request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value)), message, Answer(body)));
        return response;
    }

    private static StringContent Json(string text) => new(text, new MediaTypeHeaderValue("application/json"));

    /// <summary>The JSON-RPC answer in a POST's body: plain JSON, or the last data line of an SSE stream.</summary>
    private static JsonObject? Answer(string body)
    {
        var json = body.TrimStart().StartsWith('{') ? body
            : body.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].Trim()).LastOrDefault(l => l.StartsWith('{'));
        return json is null ? null : JsonNode.Parse(json) as JsonObject;
    }
}

/// <summary>One POST: where it went, its headers, the message sent and the JSON-RPC answer (null for a notification).</summary>
public sealed record McpExchange(Uri Uri, IReadOnlyDictionary<string, string> Headers, JsonObject Request, JsonObject? Response);
