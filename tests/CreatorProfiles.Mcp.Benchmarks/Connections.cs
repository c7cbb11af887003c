using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace CreatorProfiles.Mcp.Benchmarks;

/// <summary>C# SDK clients for every MCP path the harness measures.</summary>
internal static class Mcp
{
    public static McpClientOptions ClientOptions(string protocolVersion) => new()
    {
        ClientInfo = new() { Name = "creatorprofiles-bench", Version = "1.0.0" },
        ProtocolVersion = protocolVersion,
    };

    /// <summary>Our server over stdio, launched by the SDK's transport; returns the client and the server's PID.</summary>
    public static async Task<(McpClient Client, int? Pid, StderrTail Stderr)> StartStdioAsync(
        ServerVariant variant, Dictionary<string, string?> environment, string protocolVersion, CancellationToken cancellationToken)
    {
        var stderr = new StderrTail();
        var (command, arguments) = variant.With();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "creator-profiles-" + variant.Name,
            Command = command,
            Arguments = arguments,
            EnvironmentVariables = environment,
            StandardErrorLines = stderr.Add,
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        });
        var before = ProcFs.ChildrenNow();
        try
        {
            var client = await McpClient.CreateAsync(transport, ClientOptions(protocolVersion), cancellationToken: cancellationToken);
            return (client, ProcFs.NewChild(before), stderr);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{variant.Name}: the stdio server did not start: {e.Message}\n{stderr}", e);
        }
    }

    /// <summary>A Streamable HTTP client (one HttpClient, so one connection pool, per client) with a bearer token.</summary>
    public static Task<McpClient> ConnectHttpAsync(Uri endpoint, string token, string protocolVersion, CancellationToken cancellationToken)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
            Name = endpoint.ToString(),
        });
        return McpClient.CreateAsync(transport, ClientOptions(protocolVersion), cancellationToken: cancellationToken);
    }

    /// <summary>tools/call that must succeed: a tool error would make the figure meaningless, so it stops the run.</summary>
    public static Task<CallToolResult> CallAsync(this McpClient client, string tool, JsonObject arguments, CancellationToken cancellationToken) =>
        client.CallAsync(tool, ToArguments(arguments), cancellationToken);

    /// <summary>The same with arguments converted beforehand (what the timed loops use).</summary>
    public static async Task<CallToolResult> CallAsync(this McpClient client, string tool, Dictionary<string, JsonElement> arguments, CancellationToken cancellationToken)
    {
        var result = await client.CallToolAsync(new CallToolRequestParams { Name = tool, Arguments = arguments }, cancellationToken);
        if (result.IsError == true)
        {
            var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));
            throw new InvalidOperationException($"{tool} answered isError: {Shorten(text)}");
        }

        return result;
    }

    public static Dictionary<string, JsonElement> ToArguments(JsonObject arguments)
    {
        using var document = JsonDocument.Parse(arguments.ToJsonString());
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    /// <summary>The structured content of a result (or its text parsed as JSON).</summary>
    public static JsonNode? Structured(this CallToolResult result) =>
        result.StructuredContent is { } s ? JsonNode.Parse(s.GetRawText())
        : JsonNode.Parse(string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text)));

    /// <summary>Compact JSON without escaping what JSON does not require (&lt;, &gt;, ', +, non-ASCII): the size of the text
    /// a client hands to a model. The default encoder would inflate descriptions with \u003C and the like.</summary>
    private static readonly JsonSerializerOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>UTF-8 bytes of the whole tools/list result (all pages) as compact JSON, and the tool count.</summary>
    public static async Task<(int Bytes, int Tools, int Pages)> ToolsListSizeAsync(McpClient client, CancellationToken cancellationToken)
    {
        int bytes = 0, tools = 0, pages = 0;
        string? cursor = null;
        do
        {
            var page = await client.SendRequestAsync<JsonObject, JsonObject>(
                "tools/list", cursor is null ? [] : new JsonObject { ["cursor"] = cursor }, McpJsonUtilities.DefaultOptions,
                cancellationToken: cancellationToken) ?? throw new InvalidOperationException("tools/list: null result");
            bytes += Encoding.UTF8.GetByteCount(page.ToJsonString(CompactJson));
            tools += page["tools"]?.AsArray().Count ?? 0;
            pages++;
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null && pages < 100);

        return (bytes, tools, pages);
    }

    public static string Shorten(string text, int max = 300) => text.Length <= max ? text : text[..max] + "...";
}
