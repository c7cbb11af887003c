using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// <c>ui://creatorprofiles/dashboard</c>: the scrape dashboard, one self-contained HTML document
/// (<c>Dashboard/dashboard.html</c>, embedded) that a host implementing MCP Apps renders in a sandboxed frame. It
/// loads nothing from the network (no scripts, fonts or images from elsewhere), so it declares no <c>csp</c> and the
/// host's default policy applies; it reaches this server only through the host (tools/call).
/// </summary>
internal sealed class DashboardResource : McpServerResource
{
    private static readonly Lazy<string> Html = new(() =>
    {
        using var stream = typeof(DashboardResource).Assembly.GetManifestResourceStream("Dashboard/dashboard.html")
            ?? throw new InvalidOperationException("Dashboard/dashboard.html is not embedded in the Tools assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The UI resource's <c>_meta.ui</c>: a border around the frame (hosts' defaults differ).</summary>
    private static JsonObject UiMeta() => new() { ["ui"] = new JsonObject { ["prefersBorder"] = true } };

    private const string Name = "scrape_dashboard";
    private const string Title = "Scrape dashboard";
    private const string Description = "The scrape dashboard view (MCP Apps): pending human logins, scrape status per profile, latest job.";

    // A fixed URI, so the template and the resource describe the same one thing.
    public override ResourceTemplate ProtocolResourceTemplate { get; } = new()
    {
        UriTemplate = McpApps.DashboardUri, Name = Name, Title = Title, Description = Description, MimeType = McpApps.MimeType,
    };

    public override Resource ProtocolResource { get; } = new()
    {
        Uri = McpApps.DashboardUri, Name = Name, Title = Title, Description = Description, MimeType = McpApps.MimeType, Meta = UiMeta(),
    };

    public override IReadOnlyList<object> Metadata => [];

    public override bool IsMatch(string uri) => string.Equals(uri, McpApps.DashboardUri, StringComparison.Ordinal);

    public override ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new ReadResourceResult
        {
            Contents = [new TextResourceContents { Uri = McpApps.DashboardUri, MimeType = McpApps.MimeType, Text = Html.Value, Meta = UiMeta() }],
        });

    /// <summary>The size of the document in UTF-8 bytes (docs/tools.md quotes it; a test keeps it small).</summary>
    internal static int SizeInBytes => System.Text.Encoding.UTF8.GetByteCount(Html.Value);
}
