using System.Text.Json;
using System.Text.Json.Nodes;

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

    public sealed record Session(JsonObject ServerInfo, JsonArray Steps, string ServerStandardError, string RawOutput);

    public static Task<Session> RunAsync(IReadOnlyDictionary<string, string?> environment, params Step[] steps) =>
        RunWithServerArgumentsAsync(environment, serverArguments: [], steps);

    /// <param name="serverArguments">The server's command line, e.g. <c>--read-only</c>.</param>
    public static async Task<Session> RunWithServerArgumentsAsync(IReadOnlyDictionary<string, string?> environment, string[] serverArguments, params Step[] steps)
    {
        var script = Path.Combine(RepoPaths.TypeScriptClientDir, "mcp-session.mjs");
        if (!Directory.Exists(Path.Combine(RepoPaths.TypeScriptClientDir, "node_modules", "@modelcontextprotocol", "sdk")))
        {
            throw new InvalidOperationException("The TypeScript SDK is not installed: run `npm ci` in tests/clients/ts (tests/run.sh does).");
        }

        var (command, arguments) = ServerCommand.Get(serverArguments);
        // The TypeScript transport starts the server with only these variables (plus a few safe defaults such as PATH),
        // so a variable set to null (meaning "unset") is simply left out; sent as JSON null it would become "null".
        var env = environment.Where(v => v.Value is not null).ToDictionary();
        env["PATH"] = Environment.GetEnvironmentVariable("PATH");
        env["HOME"] = Environment.GetEnvironmentVariable("HOME");
        var plan = new
        {
            server = new { command, args = arguments, env },
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
        return new Session(output["server_info"]!.AsObject(), output["steps"]!.AsArray(), (string?)output["stderr"] ?? "", result.StandardOutput);
    }
}
