using System.Text.Json;
using CreatorProfiles.Mcp.Hosting;
using CreatorProfiles.Mcp.UnitTests.Docs;

namespace CreatorProfiles.Mcp.UnitTests.Hosting;

/// <summary>The text a person sees on stderr after starting the stdio server from a terminal.</summary>
public class StdioBannerTests
{
    private static readonly string[] Arguments = ["/opt/my tools/CreatorProfiles.Mcp.dll", "--read-only"];

    [Fact]
    public void Says_what_it_waits_for_and_how_to_connect_a_client_with_this_very_command()
    {
        var text = StdioBanner.Text("dotnet", Arguments);

        Assert.Contains("waiting for an MCP client to send JSON-RPC messages on stdin", text);
        Assert.Contains("claude mcp add creator-profiles -e DIRECTUS_URL=... -e DIRECTUS_TOKEN=... -- dotnet '/opt/my tools/CreatorProfiles.Mcp.dll' --read-only\n", text);
        Assert.Contains("npx @modelcontextprotocol/inspector -e DIRECTUS_URL=... -e DIRECTUS_TOKEN=... dotnet '/opt/my tools/CreatorProfiles.Mcp.dll' --read-only\n", text);
        Assert.EndsWith("Ctrl+D (end of input) or Ctrl+C stops the server.\n", text);
        Assert.DoesNotContain('\r', text);
    }

    [Fact]
    public void The_mcp_json_line_is_json_with_the_command_and_its_arguments()
    {
        var line = StdioBanner.Text("dotnet", Arguments).Split('\n').Single(l => l.StartsWith("  mcp.json:", StringComparison.Ordinal));

        using var json = JsonDocument.Parse(line["  mcp.json:".Length..]);
        var server = json.RootElement.GetProperty("mcpServers").GetProperty("creator-profiles");
        Assert.Equal("dotnet", server.GetProperty("command").GetString());
        Assert.Equal(Arguments, server.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public void The_lines_to_paste_are_an_initialize_the_initialized_notification_and_a_call_of_a_real_read_only_tool()
    {
        var messages = StdioBanner.Text("creator-profiles-mcp", []).Split('\n')
            .Where(l => l.TrimStart().StartsWith("{\"jsonrpc\"", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToList();

        Assert.Equal(["initialize", "notifications/initialized", "tools/call"], messages.Select(m => m.GetProperty("method").GetString()));
        var snapshot = Path.Combine(DocsGenerator.Root, DocsGenerator.ToolSnapshotsFolder, StdioBanner.ExampleTool + ".json");
        Assert.True(File.Exists(snapshot), $"the banner calls {StdioBanner.ExampleTool}, which has no snapshot: rename it in StdioBanner");
        using var tool = JsonDocument.Parse(File.ReadAllText(snapshot));
        Assert.True(tool.RootElement.GetProperty("annotations").GetProperty("readOnlyHint").GetBoolean());
        Assert.False(tool.RootElement.GetProperty("inputSchema").TryGetProperty("required", out _), "the pasted call passes only limit");
        Assert.Equal(StdioBanner.ExampleTool, messages[2].GetProperty("params").GetProperty("name").GetString());
    }
}
