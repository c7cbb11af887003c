using System.Diagnostics;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Host;

/// <summary>stdout is the protocol channel: nothing but JSON-RPC may appear there, while logs go to stderr.</summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class StdioHygieneTests(LocalDirectus directus)
{
    [Trait("Category", "AotSmoke")]
    [Fact]
    public async Task Stdout_carries_only_json_rpc_while_logs_go_to_stderr()
    {
        var (command, arguments) = ServerCommand.Get();
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/", // launched from anywhere, as MCP clients do
        };
        arguments.ForEach(start.ArgumentList.Add);
        start.WithEnvironment(directus.ServerEnvironment());

        using var server = Process.Start(start)!;
        var stderr = server.StandardError.ReadToEndAsync();
        string[] requests =
        [
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""",
            """{"jsonrpc":"2.0","method":"notifications/initialized"}""",
            """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""",
            """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_creator_profiles","arguments":{"limit":3}}}""",
            """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"list_creator_profiles","arguments":{"limit":0}}}""",
        ];
        foreach (var request in requests)
        {
            await server.StandardInput.WriteLineAsync(request);
        }

        await server.StandardInput.FlushAsync();
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (lines.Count(l => l.Contains("\"id\":")) < 4)
        {
            var line = await server.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("server closed stdout");
            lines.Add(line);
        }

        server.StandardInput.Close(); // end of input: a stdio server exits
        Assert.True(server.WaitForExit(TimeSpan.FromSeconds(30)), "server did not exit when stdin closed");
        lines.AddRange((await server.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries));

        Assert.All(lines, line => Assert.Equal("2.0", (string?)JsonNode.Parse(line)!["jsonrpc"]));
        var logs = await stderr;
        Assert.Contains("info:", logs); // logging works, and it went to stderr
        Assert.Contains("audit {", logs); // so do the audit lines of the two calls
        Assert.Contains("\"action\":\"tool:list_creator_profiles\"", logs);
    }
}
