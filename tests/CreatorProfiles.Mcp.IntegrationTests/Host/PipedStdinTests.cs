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
}
