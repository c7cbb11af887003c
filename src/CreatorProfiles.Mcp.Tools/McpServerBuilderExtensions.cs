using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

public static class McpServerBuilderExtensions
{
    /// <summary>Registers this server's tools, resources and prompts, with the error filter that turns failures into clear
    /// tool errors and the schema shaping that keeps tools/list small.</summary>
    /// <param name="catalog">Which tools to offer (<c>--read-only</c>, <c>--toolsets</c>); null: all of them.</param>
    public static IMcpServerBuilder WithCreatorProfilesTools(this IMcpServerBuilder builder, ToolCatalogOptions? catalog = null)
    {
        catalog ??= ToolCatalogOptions.All;
        catalog.Validate();
        var availability = new ToolAvailability(catalog);
        builder.WithTools<ProfilesTools>(ToolsJson.Options);
        builder.WithTools<ScrapesTools>(ToolsJson.Options);
        builder.WithTools<CredentialsTools>(ToolsJson.Options);
        builder.WithProfileSubscriptions();
        builder.WithResources<ProfileResources>(); // returns TextResourceContents: the SDK's own JSON
        builder.WithPrompts<ProfilePrompts>(ToolsJson.Options);
        builder.WithRequestFilters(filters =>
        {
            filters.AddCallToolFilter(availability.Wrap);
            filters.AddCallToolFilter(ToolErrorFilter.Wrap);
        });
        builder.Services.PostConfigure<McpServerOptions>(options =>
        {
            if (options.ToolCollection is { } tools)
            {
                availability.Apply(tools);
            }

            foreach (var tool in options.ToolCollection ?? [])
            {
                tool.ProtocolTool.InputSchema = ToolSchemaShaper.ShapeInput(tool.ProtocolTool.InputSchema);
                if (tool.ProtocolTool.OutputSchema is { } output)
                {
                    tool.ProtocolTool.OutputSchema = ToolSchemaShaper.ShapeOutput(output);
                }

                if (tool.ProtocolTool.Annotations is { } annotations)
                {
                    annotations.Title = null; // the tool's own title says it already
                }
            }
        });
        return builder;
    }
}
