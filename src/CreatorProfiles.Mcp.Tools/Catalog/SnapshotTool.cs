using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// A tool listed from its reviewed snapshot (<see cref="ToolSnapshots"/>) and run by the SDK's own tool for the method,
/// which is built on the tool's first call: the SDK's argument binding, result marshalling and structured content,
/// without generating every tool's JSON schema when the server starts.
/// </summary>
internal sealed class SnapshotTool(Tool listed, IReadOnlyList<object> metadata, Func<McpServerTool> createFromMethod) : McpServerTool
{
    private readonly Lazy<McpServerTool> _fromMethod = new(createFromMethod);

    public override Tool ProtocolTool => listed;

    public override IReadOnlyList<object> Metadata => metadata;

    public override ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default) =>
        _fromMethod.Value.InvokeAsync(request, cancellationToken);
}
