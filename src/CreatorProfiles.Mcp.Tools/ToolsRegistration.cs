using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>The Tools layer's registrations. The call-tool filters (<see cref="ToolAvailability.Filter"/>,
/// <see cref="ToolErrorFilter.Wrap"/>) are added by the host, which builds the whole filter pipeline in one place.</summary>
public static class ToolsRegistration
{
    /// <summary>Registers this server's tools (listed from their reviewed snapshots, <see cref="ToolSnapshots"/>), the
    /// profile resources with their subscriptions, the dashboard (MCP Apps) and the prompt.</summary>
    /// <param name="builder">The MCP server builder.</param>
    /// <param name="catalog">Which tools to offer (<c>--read-only</c>, <c>--toolsets</c>); null: all of them.</param>
    public static IMcpServerBuilder WithCreatorProfilesTools(this IMcpServerBuilder builder, ToolCatalogOptions? catalog = null)
    {
        catalog ??= ToolCatalogOptions.All;
        catalog.Validate();
        var availability = new ToolAvailability(catalog);
        builder.Services.AddSingleton(availability);
        ToolSnapshots.AddAllTools(builder);
        builder.WithProfileSubscriptions();
        builder.WithResources((IEnumerable<McpServerResource>)[.. ProfileResources.All, new DashboardResource()]); // not the generic overload: it reflects over its type argument
        builder.WithRequestFilters(filters =>
        {
            // MCP Apps: hosts that do not declare the extension get the plain tools (McpApps).
            filters.AddListToolsFilter(McpApps.ListToolsFilter);
            filters.AddListResourcesFilter(McpApps.ListResourcesFilter);
            filters.AddListToolsFilter(CacheHints.Catalog);
            filters.AddListPromptsFilter(CacheHints.Catalog);
            filters.AddListResourceTemplatesFilter(CacheHints.Catalog);
            filters.AddListResourcesFilter(CacheHints.LiveData);
            filters.AddReadResourceFilter(CacheHints.LiveData);
            filters.AddReadResourceFilter(ResourceNotFoundData.Filter);
        });
        builder.WithPrompts([new TriageFailedScrapesPrompt()]);
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
