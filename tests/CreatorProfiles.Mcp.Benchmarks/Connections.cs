using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
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

/// <summary>The last lines a server wrote to stderr, for error messages, and the durations its audit lines report
/// (`audit {"action":"tool:NAME", "duration_ms":...}`, one per tool call: the time spent inside the server's tool pipeline).</summary>
internal sealed class StderrTail
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<(string Action, double Ms)> _audits = new();

    public void Add(string line)
    {
        if (line.StartsWith("audit {", StringComparison.Ordinal))
        {
            try
            {
                var audit = JsonNode.Parse(line["audit ".Length..]);
                if ((string?)audit?["action"] is { } action && audit["duration_ms"] is JsonValue ms)
                {
                    _audits.Enqueue((action, ms.GetValue<double>()));
                }
            }
            catch (JsonException)
            {
                // not an audit line after all
            }

            return;
        }

        _lines.Enqueue(line);
        while (_lines.Count > 40 && _lines.TryDequeue(out _))
        {
        }
    }

    /// <summary>The audited durations (ms) of calls to <paramref name="tool"/> since the last call; others are dropped.</summary>
    public List<double> TakeAudits(string tool)
    {
        var action = "tool:" + tool;
        var taken = new List<double>();
        while (_audits.TryDequeue(out var audit))
        {
            if (audit.Action == action)
            {
                taken.Add(audit.Ms);
            }
        }

        return taken;
    }

    public override string ToString() => string.Join('\n', _lines.Select(l => "    " + Mcp.Shorten(l, 400)));
}

/// <summary>
/// Our server in HTTP mode (`--transport http --urls http://127.0.0.1:PORT`, Streamable HTTP at /mcp, health at
/// /healthz and /readyz), started and stopped by the harness, which knows its PID for the memory figures.
/// </summary>
internal sealed class HttpServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private HttpServerProcess(Process process, Uri baseUrl, StderrTail stderr)
    {
        _process = process;
        BaseUrl = baseUrl;
        Stderr = stderr;
    }

    public Uri BaseUrl { get; }
    public Uri McpEndpoint => new(BaseUrl, "mcp");
    public int Pid => _process.Id;
    public StderrTail Stderr { get; }

    public static async Task<HttpServerProcess> StartAsync(ServerVariant variant, Dictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        var (command, arguments) = variant.With("--transport", "http", "--urls", $"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        arguments.ForEach(start.ArgumentList.Add);
        start.WithEnvironment(environment);

        var stderr = new StderrTail();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { stderr.Add(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { stderr.Add(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new HttpServerProcess(process, baseUrl, stderr);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new HttpModeUnavailableException(
                    $"{variant.Name} --transport http exited with code {process.ExitCode} before /readyz answered:\n{stderr}");
            }

            try
            {
                using var ready = await http.GetAsync(new Uri(baseUrl, "readyz"), cancellationToken);
                if (ready.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // slow start
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                await server.DisposeAsync();
                throw new HttpModeUnavailableException($"{variant.Name} --transport http: /readyz did not answer 200 within 60 s:\n{stderr}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true); // only the process this object started, by its PID
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // reported by the OS; nothing more to do
            }
        }

        _process.Dispose();
    }
}

internal sealed class HttpModeUnavailableException(string message) : Exception(message);
