using System.Text.Json.Nodes;

namespace CreatorProfiles.Mcp.IntegrationTests.Golden;

/// <summary>MCP Apps negotiation in tools/list: a client that declares io.modelcontextprotocol/ui gets the snapshots as
/// they are (with the dashboard's two tools, the only ones with <c>_meta.ui</c>); any other client gets the others.</summary>
public sealed partial class ToolCatalogTests
{
    private static readonly string[] DashboardTools = ["show_scrape_dashboard", "refresh_scrape_dashboard"];

    [Trait("Category", "Fast")]
    [Trait("Category", "AotSmoke")]
    [Fact]
    public void A_client_without_MCP_Apps_gets_the_plain_tools_and_no_dashboard_tool()
    {
        var linked = catalog.Tools.Where(ForMcpAppsHostsOnly).Select(t => (string)t["name"]!).ToList();
        Assert.Equal(DashboardTools, linked);
        var expected = catalog.Tools.Where(t => !DashboardTools.Contains((string)t["name"]!)).Select(t => t.ToJsonString());
        Assert.Equal(expected, catalog.PlainTools.Select(t => t.ToJsonString()));
    }

    /// <summary>Bytes of the tools/list a host with MCP Apps puts before its model: every entry but the app-only ones,
    /// which such a host keeps from the model (spec: visibility ["app"]).</summary>
    private int ModelVisibleBytesWithApps() =>
        catalog.ResultBytes - catalog.Tools.Where(AppOnly).Sum(t => catalog.ToolBytes[(string)t["name"]!] + 1); // + its comma

    /// <summary>A tool linked to a UI (<c>_meta.ui</c>): listed only to hosts that declare MCP Apps.</summary>
    internal static bool ForMcpAppsHostsOnly(JsonObject tool) => tool["_meta"]?["ui"] is not null;

    private static bool AppOnly(JsonObject tool) =>
        tool["_meta"]?["ui"]?["visibility"] is JsonArray visibility && !visibility.Any(v => (string?)v == "model");
}
