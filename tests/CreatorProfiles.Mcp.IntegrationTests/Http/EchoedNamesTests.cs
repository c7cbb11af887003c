using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>Made-up tool and argument names reach the error text, the log and the audit line only shortened to 64
/// characters with line breaks and invisible characters replaced.</summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class EchoedNamesTests(LocalDirectus directus, ITestOutputHelper output) : IDisposable
{
    private const string Hostile = "evil\r\nFORGED audit line \u202Eright-to-left\u200Bzero-width";
    private readonly string _auditFile = Path.Combine(Path.GetTempPath(), "creatorprofiles-audit-" + Guid.NewGuid().ToString("N")[..8] + ".jsonl");

    [Fact]
    public async Task Unknown_tool_and_argument_names_are_echoed_logged_and_audited_only_truncated_and_cleaned()
    {
        var id = await directus.Rest.ProfileIdAsync("bob_builder");
        var longTail = new string('A', 20_000);
        var environment = directus.ServerEnvironment();
        environment["AUDIT_LOG"] = _auditFile;
        await using var server = await HttpServerProcess.StartAsync(environment);
        // Raw JSON-RPC: the SDK client refuses to send such a name (it copies it into the Mcp-Name header).
        var unknownTool = await CallRawAsync(server, Hostile + longTail, new JsonObject { ["id"] = id });
        var unknownArgument = await CallRawAsync(server, "get_creator_profile", new JsonObject { ["id"] = id, [Hostile + longTail] = 1 });
        var unknownToolError = (string)unknownTool["error"]!["message"]!;
        var unknownArgumentError = (string)unknownArgument["result"]!["content"]![0]!["text"]!;

        Assert.Equal(-32602, (int)unknownTool["error"]!["code"]!);
        Assert.True((bool)unknownArgument["result"]!["isError"]!);
        foreach (var text in (string[])[unknownToolError, unknownArgumentError])
        {
            Assert.Contains("evil??FORGED audit line ?right-to-left?zero-width", text, StringComparison.Ordinal);
            Assert.Contains(new string('A', 64 - Hostile.Length) + "…'", text, StringComparison.Ordinal);
            Assert.DoesNotContain(new string('A', 64 - Hostile.Length + 1), text, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', text);
            Assert.DoesNotContain('\u202E', text);
        }

        var audit = (await File.ReadAllLinesAsync(_auditFile)).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var toolLine = Assert.Single(audit, a => ((string?)a["action"])!.StartsWith("tool:evil", StringComparison.Ordinal));
        Assert.Equal("tool:" + "evil??FORGED audit line ?right-to-left?zero-width" + new string('A', 64 - Hostile.Length) + "…", (string?)toolLine["action"]);
        Assert.Equal("refused", (string?)toolLine["outcome"]);
        Assert.False(server.StandardError.Contains(new string('A', 100), StringComparison.Ordinal),
            string.Join('\n', server.StandardError.Split('\n').Where(l => l.Contains("AAAA", StringComparison.Ordinal)).Select(l => l[..Math.Min(l.Length, 600)])));
        Assert.DoesNotContain(new string('A', 100), await File.ReadAllTextAsync(_auditFile), StringComparison.Ordinal);
        output.WriteLine("unknown tool: " + unknownToolError);
        output.WriteLine("unknown argument: " + unknownArgumentError);
        output.WriteLine(string.Join('\n', await File.ReadAllLinesAsync(_auditFile)));
    }

    private async Task<JsonNode> CallRawAsync(HttpServerProcess server, string tool, JsonObject arguments)
    {
        var body = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 1,
            ["method"] = "tools/call",
            ["params"] = new JsonObject { ["name"] = tool, ["arguments"] = arguments },
        };
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, server.McpEndpoint) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", directus.Stack["BOB_TOKEN"]);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? text.Split('\n').Last(l => l.StartsWith("data:", StringComparison.Ordinal))[5..]
            : text;
        return JsonNode.Parse(json) ?? throw new InvalidOperationException("no answer: " + text);
    }

    public void Dispose() => File.Delete(_auditFile);
}
