using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// Applies <see cref="ToolCatalogOptions"/>: removes the tools that are off from the server's tool collection (so
/// tools/list never shows them and the SDK cannot invoke them) and remembers why, so that a call by name gets a tool
/// error saying so instead of the protocol's bare "unknown tool".
/// </summary>
public sealed class ToolAvailability(ToolCatalogOptions options)
{
    private readonly ConcurrentDictionary<string, string> _refusals = new(StringComparer.Ordinal);

    /// <summary>The toolset of a tool: the <see cref="ToolsetAttribute"/> on its class (the SDK copies the class's
    /// attributes into the tool's metadata).</summary>
    public static string ToolsetOf(McpServerTool tool) =>
        tool.Metadata.OfType<ToolsetAttribute>().FirstOrDefault()?.Name
        ?? throw new InvalidOperationException($"Tool '{tool.ProtocolTool.Name}' belongs to no toolset: mark its class with [Toolset(...)].");

    public static bool IsReadOnly(McpServerTool tool) => tool.ProtocolTool.Annotations?.ReadOnlyHint == true;

    /// <summary>Removes the tools that are off from <paramref name="tools"/>.</summary>
    public void Apply(McpServerPrimitiveCollection<McpServerTool> tools)
    {
        foreach (var tool in tools.ToArray())
        {
            if (options.Refusal(tool.ProtocolTool.Name, ToolsetOf(tool), IsReadOnly(tool)) is { } refusal)
            {
                tools.Remove(tool);
                _refusals[tool.ProtocolTool.Name] = refusal;
            }
        }
    }

    /// <summary>Why the tool named <paramref name="name"/> is off; null when it is offered or does not exist.</summary>
    public string? RefusalFor(string name) => _refusals.GetValueOrDefault(name);

    /// <summary>Call-tool filter: a call to a tool that is off is answered with the reason as a tool error.</summary>
    public static McpRequestHandler<CallToolRequestParams, CallToolResult> Filter(McpRequestHandler<CallToolRequestParams, CallToolResult> next) =>
        (request, cancellationToken) =>
            request.MatchedPrimitive is null && request.Params?.Name is { } name
            && request.Services?.GetService<ToolAvailability>()?.RefusalFor(name) is { } refusal
                ? ValueTask.FromResult(new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = refusal }] })
                : next(request, cancellationToken);
}
