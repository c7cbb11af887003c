using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

public static class McpServerBuilderExtensions
{
    /// <summary>Registers this server's tools, resources and prompts, with the error filter that turns failures into clear
    /// tool errors. Tools are listed from their reviewed snapshots (<see cref="ToolSnapshots"/>).</summary>
    /// <param name="catalog">Which tools to offer (<c>--read-only</c>, <c>--toolsets</c>); null: all of them.</param>
    public static IMcpServerBuilder WithCreatorProfilesTools(this IMcpServerBuilder builder, ToolCatalogOptions? catalog = null)
    {
        catalog ??= ToolCatalogOptions.All;
        catalog.Validate();
        var availability = new ToolAvailability(catalog);
        ToolSnapshots.AddAllTools(builder);
        builder.WithProfileSubscriptions();
        builder.WithResources((IEnumerable<McpServerResource>)ProfileResources.All); // not the generic overload: it reflects over its type argument
        builder.WithPrompts([new TriageFailedScrapesPrompt()]);
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
        });
        return builder;
    }
}
