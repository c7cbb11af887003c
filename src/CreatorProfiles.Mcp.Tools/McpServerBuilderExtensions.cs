using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

public static class McpServerBuilderExtensions
{
    /// <summary>Registers this server's tools, with the error filter that turns failures into clear tool errors.</summary>
    public static IMcpServerBuilder WithCreatorProfilesTools(this IMcpServerBuilder builder)
    {
        builder.WithTools<ProfilesTools>(ToolsJsonContext.SerializerOptions);
        builder.WithRequestFilters(filters => filters.AddCallToolFilter(ToolErrorFilter.Wrap));
        builder.Services.PostConfigure<McpServerOptions>(options =>
        {
            foreach (var tool in options.ToolCollection ?? [])
            {
                tool.ProtocolTool.InputSchema = ToolSchemaShaper.Shape(tool.ProtocolTool.InputSchema);
                if (tool.ProtocolTool.OutputSchema is { } output)
                {
                    tool.ProtocolTool.OutputSchema = ToolSchemaShaper.Shape(output);
                }
            }
        });
        return builder;
    }
}
