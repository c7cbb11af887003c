using System.ComponentModel;
using System.Text.Json;
using CreatorProfiles.Mcp.Domain.Dashboard;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>The scrape dashboard (docs/tools.md, "Dashboard (MCP App)"): one tool a model calls to show it, whose
/// result is also complete text for hosts without UI, and one the dashboard itself calls to refresh. Toolset
/// <c>scrapes</c>, both read-only.</summary>
[McpServerToolType]
[Toolset(ToolCatalogOptions.Scrapes)]
public sealed class DashboardTools(ScrapeDashboardService dashboard)
{
    [McpServerTool(Name = McpApps.ShowToolName, Title = "Scrape dashboard",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [McpMeta("ui", JsonValue = McpApps.LinkToDashboard)]
    [Description("Shows the user a live view of pending logins (HITL) and scrape status per profile.")]
    public Task<ScrapeDashboard> ShowScrapeDashboard(CancellationToken cancellationToken = default) =>
        dashboard.GetAsync(cancellationToken);

    /// <summary>App-only (<c>visibility: ["app"]</c>): listed only to hosts that declare MCP Apps, which keep it from
    /// the model; the same read as show_scrape_dashboard. No output schema, to keep tools/list short: only the
    /// dashboard reads it.</summary>
    [McpServerTool(Name = McpApps.RefreshToolName, Title = "Dashboard data",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [McpMeta("ui", JsonValue = McpApps.AppOnlyTool)]
    [Description("Data for the dashboard view.")]
    public async Task<CallToolResult> RefreshScrapeDashboard(CancellationToken cancellationToken = default)
    {
        var structured = JsonSerializer.SerializeToElement(await dashboard.GetAsync(cancellationToken), ToolsJsonContext.Default.ScrapeDashboard);
        return new CallToolResult { StructuredContent = structured, Content = [new TextContentBlock { Text = structured.GetRawText() }] };
    }
}
