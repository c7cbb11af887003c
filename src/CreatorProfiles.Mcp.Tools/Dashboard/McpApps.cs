using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// The MCP Apps extension (<c>io.modelcontextprotocol/ui</c>, spec 2026-01-26): the dashboard's <c>ui://</c> URI,
/// the tool metadata that points at it, and capability negotiation. Only a client that declares the extension (with
/// our mime type, when it lists mime types) sees the dashboard's two tools and the dashboard in resources/list. Any
/// other client gets exactly the plain tools it always had (and the same facts from get_profile_stats and
/// list_hitl_sessions): every tools/list byte is context its model pays for, and a tool that opens a view is of no use
/// to a host that cannot show one. The dashboard's tools still answer a call by name, with the whole dashboard as
/// structured content and text.
/// </summary>
public static class McpApps
{
    public const string ExtensionId = "io.modelcontextprotocol/ui";
    public const string MimeType = "text/html;profile=mcp-app";
    public const string DashboardUri = "ui://creatorprofiles/dashboard";
    public const string ShowToolName = "show_scrape_dashboard";
    public const string RefreshToolName = "refresh_scrape_dashboard";

    /// <summary>The tools listed only to hosts with the extension (<see cref="DashboardTools"/>).</summary>
    private static readonly HashSet<string> DashboardToolNames = new(StringComparer.Ordinal) { ShowToolName, RefreshToolName };

    /// <summary><c>_meta.ui</c> of the tool that opens the dashboard. Only that one: a host renders a view for every
    /// call of a linked tool, so linking trigger_scrape would put a dashboard in the chat per profile an agent queues.</summary>
    public const string LinkToDashboard = """{"resourceUri":"ui://creatorprofiles/dashboard"}""";

    /// <summary><c>_meta.ui</c> of the tool only the dashboard calls: hosts hide it from the model.</summary>
    public const string AppOnlyTool = """{"resourceUri":"ui://creatorprofiles/dashboard","visibility":["app"]}""";

    /// <summary>True when the client declared the extension for this request (per request under 2026-07-28, at
    /// initialize before). A stateless HTTP server has no record of an initialize, so such clients get the plain list.</summary>
    public static bool ClientSupportsApps(McpServer? server)
    {
        if (server?.ClientCapabilities?.Extensions?.TryGetValue(ExtensionId, out var settings) != true)
        {
            return false;
        }

        var element = settings is JsonElement e ? e : JsonSerializer.SerializeToElement(settings, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(object)));
        return element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("mimeTypes", out var types) || types.ValueKind != JsonValueKind.Array
            || types.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == MimeType);
    }

    /// <summary>tools/list for a client without the extension: no dashboard tool (no other tool carries <c>_meta.ui</c>).</summary>
    public static McpRequestHandler<ListToolsRequestParams, ListToolsResult> ListToolsFilter(McpRequestHandler<ListToolsRequestParams, ListToolsResult> next) =>
        async (request, cancellationToken) =>
        {
            var result = await next(request, cancellationToken);
            if (!ClientSupportsApps(request.Server))
            {
                result.Tools = result.Tools.Where(t => !DashboardToolNames.Contains(t.Name)).ToList();
            }

            return result;
        };

    /// <summary>resources/list for a client without the extension: no <c>ui://</c> resource.</summary>
    public static McpRequestHandler<ListResourcesRequestParams, ListResourcesResult> ListResourcesFilter(McpRequestHandler<ListResourcesRequestParams, ListResourcesResult> next) =>
        async (request, cancellationToken) =>
        {
            var result = await next(request, cancellationToken);
            if (!ClientSupportsApps(request.Server))
            {
                result.Resources = result.Resources.Where(r => !r.Uri.StartsWith("ui://", StringComparison.Ordinal)).ToList();
            }

            return result;
        };
}
