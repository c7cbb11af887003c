using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;

namespace CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

/// <summary>Runs one session with the official TypeScript SDK client (tests/clients/ts/mcp-session.mjs).</summary>
internal static class TypeScriptClient
{
    /// <param name="Walk">Follow next_cursor to the last page within the session; the step's result is <c>{pages: [...]}</c>.</param>
    public sealed record Step(string? Tool = null, object? Arguments = null, bool ListTools = false, bool Walk = false)
    {
        public string? ReadResource { get; init; }
        public string? GetPrompt { get; init; }
        public string? Subscribe { get; init; }
        public string? WaitUpdated { get; init; }
    }

    /// <param name="ConnectError">Set when the connection itself failed (HTTP only): {name, code (the HTTP status), message}; then Steps is empty.</param>
    /// <param name="SessionId">Mcp-Session-Id of a Streamable HTTP session (null when the server is stateless).</param>
    public sealed record Session(JsonObject ServerInfo, JsonArray Steps, string ServerStandardError, string RawOutput)
    {
        public JsonObject? ConnectError { get; init; }
        public string? ProtocolVersion { get; init; }
        public string? SessionId { get; init; }
    }

    /// <summary>Starts the server over stdio with <paramref name="environment"/> and runs <paramref name="steps"/>.</summary>
    public static Task<Session> RunAsync(IReadOnlyDictionary<string, string?> environment, params Step[] steps) =>
        RunWithServerArgumentsAsync(environment, serverArguments: [], steps);

    /// <param name="serverArguments">The server's command line, e.g. <c>--read-only</c>.</param>
    public static async Task<Session> RunWithServerArgumentsAsync(IReadOnlyDictionary<string, string?> environment, string[] serverArguments, params Step[] steps)
    {
        var (command, arguments) = ServerCommand.Get(serverArguments);
        // The TypeScript transport starts the server with only these variables (plus a few safe defaults such as PATH),
        // so a variable set to null (meaning "unset") is simply left out; sent as JSON null it would become "null".
        var env = environment.Where(v => v.Value is not null).ToDictionary();
        env["PATH"] = Environment.GetEnvironmentVariable("PATH");
        env["HOME"] = Environment.GetEnvironmentVariable("HOME");
        var session = await RunPlanAsync(new { command, args = arguments, env }, steps);
        return session.ConnectError is null
            ? session
            : throw new InvalidOperationException($"the TypeScript client could not connect over stdio: {session.ConnectError.ToJsonString()}\n{session.ServerStandardError}");
    }

    /// <summary>Connects to a running HTTP server (<paramref name="url"/>: its /mcp or /sse) as the caller whose Directus
    /// token is <paramref name="bearerToken"/> (null: no Authorization header) and runs <paramref name="steps"/>.
    /// A refused connection is a result (<see cref="Session.ConnectError"/>), not an exception.</summary>
    /// <param name="transport">StreamableHttp: StreamableHTTPClientTransport; Sse: the deprecated SSEClientTransport.</param>
    public static Task<Session> RunHttpAsync(Uri url, HttpTransportMode transport, string? bearerToken, params Step[] steps)
    {
        var headers = new Dictionary<string, string>();
        if (bearerToken is not null)
        {
            headers["Authorization"] = "Bearer " + bearerToken;
        }

        return RunPlanAsync(new { url = url.ToString(), transport = transport == HttpTransportMode.Sse ? "sse" : "streamable", headers }, steps);
    }

    private static async Task<Session> RunPlanAsync(object server, Step[] steps)
    {
        var script = Path.Combine(RepoPaths.TypeScriptClientDir, "mcp-session.mjs");
        if (!Directory.Exists(Path.Combine(RepoPaths.TypeScriptClientDir, "node_modules", "@modelcontextprotocol", "sdk")))
        {
            throw new InvalidOperationException("The TypeScript SDK is not installed: run `npm ci` in tests/clients/ts (tests/run.sh does).");
        }

        var plan = new
        {
            server,
            steps = steps.Select(s => s.ListTools ? (object)new { list_tools = true }
                : s.ReadResource is not null ? new { read_resource = s.ReadResource }
                : s.Subscribe is not null ? new { subscribe = s.Subscribe }
                : s.WaitUpdated is not null ? new { wait_updated = s.WaitUpdated, timeout_ms = 20000 }
                : s.GetPrompt is not null ? new { get_prompt = s.GetPrompt, arguments = s.Arguments ?? new { } }
                : s.Walk ? new { walk = s.Tool, arguments = s.Arguments ?? new { } }
                : new { tool = s.Tool, arguments = s.Arguments ?? new { } }),
        };
        var result = await ProcessRunner.RunAsync("node", [script], standardInput: JsonSerializer.Serialize(plan), timeout: TimeSpan.FromMinutes(3));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"mcp-session.mjs failed ({result.ExitCode}): {result.StandardError}");
        }

        var output = JsonNode.Parse(result.StandardOutput)!.AsObject();
        return new Session(output["server_info"]?.AsObject() ?? [], output["steps"]!.AsArray(), (string?)output["stderr"] ?? "", result.StandardOutput)
        {
            ConnectError = output["connect_error"]?.AsObject(),
            ProtocolVersion = (string?)output["protocol_version"],
            SessionId = (string?)output["session_id"],
        };
    }
}
