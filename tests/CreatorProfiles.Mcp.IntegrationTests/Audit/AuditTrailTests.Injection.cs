using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Audit;

/// <summary>Hostile tool names and JSON-RPC ids, sent raw over stdio: each call is still exactly one bounded line.</summary>
public sealed partial class AuditTrailTests
{
    [Fact]
    public async Task An_injected_newline_a_u2028_and_a_100000_character_tool_name_or_request_id_each_give_exactly_one_bounded_line()
    {
        await using var server = await RawStdioServer.StartAsync(Environment());
        var hostile = new (string Name, string Id)[]
        {
            ("get_creator_profile\n{\"forged\":true}", "id-newline"),
            ("get_creator_profile\u2028{\"forged\":true}", "id-u2028"),
            (new string('n', 100_000), "id-long-name"),
            ("get_creator_profile", "id\r\n{\"forged\":true}\u2029\u0085\v\f" + new string('i', 100_000)),
        };
        foreach (var (name, id) in hostile)
        {
            await server.SendAsync(new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = id,
                ["method"] = "tools/call",
                ["params"] = new JsonObject { ["name"] = name, ["arguments"] = new JsonObject { ["id"] = "not-a-uuid\n" } },
            });
        }

        await _audit.WaitForAsync(_ => true, count: hostile.Length);
        await Task.Delay(500); // anything more (a forged or split line) would have been written by now
        var raw = File.ReadAllLines(_audit.Path);
        output.WriteLine(string.Join('\n', raw.Select(l => l.Length > 400 ? l[..400] + "..." : l)));

        Assert.Equal(hostile.Length, raw.Length);
        // Calls run concurrently, so lines come in the order they finished: put them in the order sent.
        var lines = raw.Select(l => JsonNode.Parse(l)!.AsObject()).OrderBy(l => ((string)l["request_id"]!).StartsWith("id\r", StringComparison.Ordinal) ? 1 : 0)
            .ThenBy(l => Array.FindIndex(hostile, h => h.Id == (string?)l["request_id"])).ToList();
        Assert.All(raw, l => Assert.True(l.Length < 1_000, $"{l.Length} characters"));
        Assert.All(lines, l => Assert.Null(l["forged"]));
        Assert.All(lines, l => Assert.Null(l["target"])); // "not-a-uuid" is never written
        Assert.All(lines, l => Assert.Equal("refused", (string?)l["outcome"]));
        Assert.Equal(["id-newline", "id-u2028", "id-long-name"], lines.Take(3).Select(l => (string?)l["request_id"]));
        // Tool names as EchoedName shows them: line breaks replaced, at most 64 characters then an ellipsis.
        Assert.Equal(["tool:get_creator_profile?{\"forged\":true}", "tool:get_creator_profile?{\"forged\":true}", "tool:" + new string('n', 64) + "…"],
            lines.Take(3).Select(l => (string?)l["action"]));
        var longId = (string)lines[3]["request_id"]!;
        Assert.StartsWith("id\r\n{\"forged\":true}\u2029\u0085\v\f", longId); // escaped in the file, intact when read
        Assert.EndsWith("…[truncated]", longId);
        Assert.Equal(200 + "…[truncated]".Length, longId.Length);
    }
}
