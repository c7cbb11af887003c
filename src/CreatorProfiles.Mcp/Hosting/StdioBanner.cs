using System.Text.Json;

namespace CreatorProfiles.Mcp.Hosting;

/// <summary>
/// What the stdio server says on stderr when a person started it from a terminal, instead of sitting silent: what it
/// waits for, how to connect a client, and three lines to paste for a tool call by hand. MCP clients redirect stdin,
/// so they never see it; stdout carries protocol messages only.
/// </summary>
internal static class StdioBanner
{
    /// <summary>The tool the hand-typed call uses: read-only, and no argument is required.</summary>
    public const string ExampleTool = "list_creator_profiles";

    /// <param name="command">The executable that started this server; <paramref name="arguments"/> its arguments.</param>
    public static string Text(string command, IReadOnlyList<string> arguments)
    {
        var shell = string.Join(' ', new[] { command }.Concat(arguments).Select(ShellQuote));
        var json = "{\"mcpServers\": {\"creator-profiles\": {\"command\": " + Json(command) + ", \"args\": [" + string.Join(", ", arguments.Select(Json))
            + "], \"env\": {\"DIRECTUS_URL\": \"...\", \"DIRECTUS_TOKEN\": \"...\"}}}}";
        string[] lines =
        [
            "creator-profiles-mcp: an MCP server on stdio, waiting for an MCP client to send JSON-RPC messages on stdin (one per line).",
            "An MCP client normally starts this command itself. To connect one:",
            "  Claude Code:  claude mcp add creator-profiles -e DIRECTUS_URL=... -e DIRECTUS_TOKEN=... -- " + shell,
            "  mcp.json:     " + json,
            "  Inspector:    npx @modelcontextprotocol/inspector -e DIRECTUS_URL=... -e DIRECTUS_TOKEN=... " + shell,
            "To try a tool call by hand, paste these three lines; the answers come on stdout:",
            """  {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"terminal","version":"1.0"}}}""",
            """  {"jsonrpc":"2.0","method":"notifications/initialized"}""",
            "  {\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" + ExampleTool + "\",\"arguments\":{\"limit\":5}}}",
            "Ctrl+D (end of input) or Ctrl+C stops the server.",
        ];
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>How this process was started: <c>dotnet &lt;dll&gt;</c> for a framework-dependent build, else the executable
    /// itself (the tool shim, the Native AOT binary), with its arguments.</summary>
    public static (string Command, IReadOnlyList<string> Arguments) CurrentCommand()
    {
        var commandLine = Environment.GetCommandLineArgs();
        var process = Environment.ProcessPath ?? commandLine[0];
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? ("dotnet", [commandLine[0], .. commandLine[1..]])
            : (process, commandLine[1..]);
    }

    private static string Json(string value) => "\"" + JsonEncodedText.Encode(value).ToString() + "\"";

    /// <summary>POSIX single quotes where a shell would split or expand the word.</summary>
    private static string ShellQuote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-=:,+@".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
