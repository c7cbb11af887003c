using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;

namespace CreatorProfiles.Mcp.Benchmarks;

/// <summary>
/// One benchmark run: every measurement against the same Directus and data, in an order that keeps writes (which
/// change the data) for the end. Each phase writes its figures into <see cref="Results"/>; <see cref="Report"/> prints.
/// </summary>
internal sealed partial class Bench : IDisposable
{
    public const string GetTool = "get_creator_profile";
    public const string ListTool = "list_creator_profiles";

    private readonly BenchOptions _options;
    private readonly StackEnv _stack;
    private readonly HttpClient _rest;

    public Bench(BenchOptions options, StackEnv stack, IReadOnlyDictionary<string, ServerVariant> variants, ServerVariant serve)
    {
        _options = options;
        _stack = stack;
        Variants = variants;
        Serve = serve;
        _rest = RestClient(stack);
    }

    public IReadOnlyDictionary<string, ServerVariant> Variants { get; }
    public ServerVariant Serve { get; }
    public Results Results { get; } = new();

    /// <summary>The profile every get reads: the seeded one with the most related rows (a job, a HITL request, cookies).</summary>
    public string TargetId { get; private set; } = "";

    /// <summary>The exact Directus requests (path and query) our server made for one get and for one list.</summary>
    public IReadOnlyList<string> GetRequests { get; private set; } = [];
    public IReadOnlyList<string> ListRequests { get; private set; } = [];

    public Uri DirectusMcpEndpoint => new(_stack.DirectusUrl, "mcp");

    public static HttpClient RestClient(StackEnv stack)
    {
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = stack.DirectusUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", stack.AdminToken);
        return client;
    }

    public static void Log(string message) => Console.Error.WriteLine($"[bench] {message}");

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        await PrepareDirectusAsync(cancellationToken);
        if (_options.Runs(1, 2, 4))
        {
            await ReadRoundTripsAsync(cancellationToken); // also captures the requests the REST baseline repeats
        }

        if (_options.Runs(1, 2, 3))
        {
            await using var http = await TryStartHttpAsync(Serve, _stack.ServerEnvironment(), cancellationToken);
            await Phase(3, () => ToolsListAsync(http, cancellationToken));
            await Phase(1, () => LatencyAsync(http, cancellationToken));
            await Phase(2, () => ThroughputAsync(http, cancellationToken));
        }

        await Phase(5, () => ColdStartAsync(cancellationToken));
        await Phase(6, () => MemoryAsync(cancellationToken));
        await Phase(7, () => FloodAsync(cancellationToken));
        await Phase(4, () => WriteRoundTripsAsync(cancellationToken));
        Results.Settings["elapsed_s"] = Math.Round(total.Elapsed.TotalSeconds, 1);
    }

    private Task Phase(int section, Func<Task> measure) => _options.Runs(section) ? measure() : Task.CompletedTask;

    /// <summary>"A get" for a server: get_creator_profile on ours, one echo call on the Node reference.</summary>
    private (string Tool, JsonObject Arguments) FirstCall(ServerVariant variant) =>
        variant.IsReference ? (NodeReference.EchoTool, NodeReference.EchoArguments()) : (GetTool, GetArguments());

    /// <summary>Our builds get the Directus settings; the reference needs none (and is given no token).</summary>
    private Dictionary<string, string?> EnvironmentOf(ServerVariant variant) =>
        variant.IsReference ? new(StringComparer.Ordinal) : _stack.ServerEnvironment();

    /// <summary>Turns on Directus's built-in MCP endpoint and picks the profile to read.</summary>
    private async Task PrepareDirectusAsync(CancellationToken cancellationToken)
    {
        using (var enable = await _rest.PatchAsync("settings", Json(new JsonObject { ["mcp_enabled"] = true }), cancellationToken))
        {
            await EnsureAsync(enable, "PATCH /settings {mcp_enabled: true}", cancellationToken);
        }

        using var response = await _rest.GetAsync(
            "items/creator_profiles?limit=-1&sort=platform,username,id&fields=id,platform,username,media_jobs.id,hitl_sessions.id,hitl_sessions.status,platform_sessions.id",
            cancellationToken);
        await EnsureAsync(response, "GET /items/creator_profiles", cancellationToken);
        var rows = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["data"]!.AsArray();
        static int Has(JsonNode? list) => list is JsonArray { Count: > 0 } ? 1 : 0;
        var target = rows.OfType<JsonObject>()
            .OrderByDescending(r => Has(r["media_jobs"]) + Has(r["platform_sessions"]) + Has(r["hitl_sessions"]))
            .First();
        TargetId = (string)target["id"]!;
        Results.Settings["profiles_in_directus"] = rows.Count;
        Results.Settings["target_profile"] = $"{target["platform"]}:{target["username"]} ({TargetId})";
        Log($"Directus /mcp enabled; {rows.Count} profiles; get reads {target["platform"]}:{target["username"]}");

        await using var directusMcp = await Mcp.ConnectHttpAsync(DirectusMcpEndpoint, _stack.AdminToken, _options.ProtocolVersion, cancellationToken);
        Results.Settings["directus_mcp_server"] = $"{directusMcp.ServerInfo?.Name} {directusMcp.ServerInfo?.Version} (protocol {directusMcp.NegotiatedProtocolVersion})";
    }

    /// <summary>Our server in HTTP mode, or null (with the reason recorded) when this build has no HTTP transport.</summary>
    private async Task<HttpServerProcess?> TryStartHttpAsync(ServerVariant variant, Dictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        try
        {
            var server = await HttpServerProcess.StartAsync(variant, environment, cancellationToken);
            Results.HttpAvailable = true;
            return server;
        }
        catch (HttpModeUnavailableException e)
        {
            Results.HttpAvailable = false;
            Results.HttpNote = "the server build has no working `--transport http` yet; HTTP rows are n/a";
            Log($"HTTP transport unavailable: {Mcp.Shorten(e.Message, 600)}");
            return null;
        }
    }

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    public static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"{what}: HTTP {(int)response.StatusCode}: {Mcp.Shorten(body)}");
        }
    }

    /// <summary>The direct REST reads, one after the other, bodies read to the end (what a REST client pays for the
    /// same data).</summary>
    public static async Task RestReadAsync(HttpClient client, IReadOnlyList<string> requests, CancellationToken cancellationToken)
    {
        foreach (var pathAndQuery in requests)
        {
            using var response = await client.GetAsync(pathAndQuery.TrimStart('/'), HttpCompletionOption.ResponseContentRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                await EnsureAsync(response, "GET " + pathAndQuery, cancellationToken);
            }

            _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
    }

    /// <summary>The same reads through Directus's /mcp items tool, one call per request.</summary>
    public static List<Dictionary<string, System.Text.Json.JsonElement>> DirectusMcpReads(IReadOnlyList<string> requests) =>
        [.. requests.Select(r => Mcp.ToArguments(DirectusQuery.ToItemsToolArguments(r)))];

    public static async Task DirectusMcpReadAsync(McpClient client, List<Dictionary<string, System.Text.Json.JsonElement>> reads, CancellationToken cancellationToken)
    {
        foreach (var arguments in reads)
        {
            await client.CallAsync("items", arguments, cancellationToken);
        }
    }

    public HttpClient NewRestClient() => RestClient(_stack);

    public JsonObject GetArguments() => new() { ["id"] = TargetId };

    public static JsonObject ListArguments() => [];

    public Task<McpClient> ConnectDirectusMcpAsync(CancellationToken cancellationToken) =>
        Mcp.ConnectHttpAsync(DirectusMcpEndpoint, _stack.AdminToken, _options.ProtocolVersion, cancellationToken);

    public Task<McpClient> ConnectOursHttpAsync(HttpServerProcess server, CancellationToken cancellationToken) =>
        Mcp.ConnectHttpAsync(server.McpEndpoint, _stack.AdminToken, _options.ProtocolVersion, cancellationToken);

    public void Dispose() => _rest.Dispose();
}
