using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Dashboard;

/// <summary>
/// The MCP Inspector's CLI (tests/clients/inspector) reports the dashboard app (`--app-info`) over Streamable HTTP
/// when it declares MCP Apps (`--advertise-apps`), and no app without it. The server runs `--stateful`: the Inspector
/// declares its capabilities at `initialize`, which a stateless server does not keep.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class InspectorAppInfoTests(LocalDirectus directus)
{
    [Fact]
    public async Task The_inspector_sees_the_dashboard_app_only_when_it_advertises_MCP_Apps()
    {
        await using var server = await HttpServerProcess.StartAsync(directus.ServerEnvironment(), "--stateful");
        var launcher = Node22.Installed(RepoPaths.InspectorClientDir, "@modelcontextprotocol/inspector/clients/launcher/build/index.js");
        string[] command = ["--cli", server.McpEndpoint.ToString(), "--transport", "http", "--stored-auth-only",
            "--header", "Authorization: Bearer " + directus.Stack["BOB_TOKEN"], "--method", "tools/list", "--app-info"];

        var withApps = await Node22.RunAsync(launcher, [.. command, "--advertise-apps"], TimeSpan.FromMinutes(2));
        var without = await Node22.RunAsync(launcher, command, TimeSpan.FromMinutes(2));

        Assert.True(withApps.ExitCode == 0, $"mcp-inspector --app-info --advertise-apps: exit {withApps.ExitCode}\n{withApps.StandardOutput}\n{withApps.StandardError}");
        var apps = Lines(withApps.StandardOutput).Where(l => (bool?)l["hasApp"] == true).ToDictionary(l => (string)l["toolName"]!);
        Assert.Equal(["refresh_scrape_dashboard", "show_scrape_dashboard"], apps.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("ui://creatorprofiles/dashboard", (string)apps["show_scrape_dashboard"]["resourceUri"]!);
        Assert.Equal("text/html;profile=mcp-app", (string)apps["show_scrape_dashboard"]["resourceMimeType"]!);
        Assert.Equal(["app"], apps["refresh_scrape_dashboard"]["visibility"]!.AsArray().Select(v => (string)v!));
        Assert.Null(apps["show_scrape_dashboard"]["csp"]); // nothing from the network: the host's default policy
        Assert.NotEmpty(Lines(without.StandardOutput));
        Assert.DoesNotContain(Lines(without.StandardOutput), l => (bool?)l["hasApp"] == true);
    }

    /// <summary>One JSON object per line (ndjson), as `--app-info` prints for tools/list.</summary>
    private static List<JsonObject> Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .ToList();
}
