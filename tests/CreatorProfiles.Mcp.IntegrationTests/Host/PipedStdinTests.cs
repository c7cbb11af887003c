using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Host;

/// <summary>
/// A client that writes its requests and closes stdin at once (<c>printf '...' | server</c>, a script, a batch job) gets
/// every answer before the process exits, including a tool call that waits on Directus.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class PipedStdinTests(LocalDirectus directus)
{
    [Trait("Category", "AotSmoke")]
    [Fact]
    public async Task Every_request_written_before_stdin_closes_is_answered_before_the_process_exits()
    {
        string[] lines =
        [
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"pipe","version":"1"}}}""",
            """{"jsonrpc":"2.0","method":"notifications/initialized"}""",
            """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""",
            """{"this line is not JSON: the SDK skips it, and the server must not wait for it""",
            """{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_creator_profiles","arguments":{"limit":2}}}""",
            """{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"get_creator_profile","arguments":{"id":"not-a-uuid"}}}""",
        ];
        var (command, arguments) = ServerCommand.Get();

        var result = await ProcessRunner.RunAsync(command, arguments, directus.ServerEnvironment(),
            standardInput: string.Join('\n', lines) + "\n", timeout: TimeSpan.FromMinutes(2));

        Assert.Equal(0, result.ExitCode);
        var answers = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonNode.Parse(line)!.AsObject())
            .ToDictionary(answer => (int)answer["id"]!);
        Assert.Equal([1, 2, 3, 4], answers.Keys.Order());
        Assert.Equal(16, answers[2]["result"]!["tools"]!.AsArray().Count);
        var listed = answers[3]["result"]!;
        Assert.NotEqual(true, (bool?)listed["isError"]);
        Assert.Equal(2, listed["structuredContent"]!["items"]!.AsArray().Count);
        Assert.True((bool?)answers[4]["result"]!["isError"]);
    }

    [Trait("Category", "AotSmoke")]
    [Fact]
    public async Task A_line_over_4_MiB_is_refused_with_an_error_for_its_id_and_the_server_keeps_serving()
    {
        var huge = new StringBuilder("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"encrypt_credentials","arguments":{"credentials":{"x":" """.TrimEnd())
            .Append('A', 50 * 1024 * 1024).Append("\"}}}}").ToString();
        string[] lines =
        [
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"pipe","version":"1"}}}""",
            huge,
            """{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"list_creator_profiles","arguments":{"limit":1}}}""",
        ];
        var (command, arguments) = ServerCommand.Get();

        var result = await ProcessRunner.RunAsync(command, arguments, directus.ServerEnvironment(),
            standardInput: string.Join('\n', lines) + "\n", timeout: TimeSpan.FromMinutes(2));

        Assert.Equal(0, result.ExitCode);
        var answers = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
        Assert.Equal([1, 7, 8], answers.Select(a => (int)a["id"]!).Order());
        var refused = answers.Single(a => (int)a["id"]! == 7)["error"]!;
        Assert.Equal(-32600, (int)refused["code"]!);
        Assert.Contains("larger than 4 MiB", (string?)refused["message"], StringComparison.Ordinal);
        Assert.NotEqual(true, (bool?)answers.Single(a => (int)a["id"]! == 8)["result"]!["isError"]);
    }

    [Fact]
    public async Task Sigterm_lets_the_calls_in_flight_finish_and_the_server_exits_cleanly()
    {
        var (command, arguments) = ServerCommand.Get();
        var start = new ProcessStartInfo(command) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        arguments.ForEach(start.ArgumentList.Add);
        start.WithEnvironment(directus.ServerEnvironment());
        using var server = Process.Start(start)!;
        var stderr = server.StandardError.ReadToEndAsync();
        await server.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"term","version":"1"}}}""");
        await server.StandardInput.FlushAsync();
        Assert.Contains("\"id\":1", await server.StandardOutput.ReadLineAsync());

        await server.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_creator_profiles","arguments":{"limit":1}}}""");
        await server.StandardInput.FlushAsync();
        using (var kill = Process.Start("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var rest = await server.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await server.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, server.ExitCode);
        var answer = JsonNode.Parse(rest.Split('\n', StringSplitOptions.RemoveEmptyEntries).Single())!;
        Assert.Equal(2, (int)answer["id"]!);
        Assert.NotEqual(true, (bool?)answer["result"]!["isError"]);
        Assert.DoesNotContain("Exception", await stderr, StringComparison.Ordinal);
    }
}
