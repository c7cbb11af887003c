using Microsoft.Extensions.DependencyInjection;

namespace CreatorProfiles.Mcp.Tools;

public static class McpServerBuilderExtensions
{
    /// <summary>Registers this server's tools, with the error filter that turns failures into clear tool errors.</summary>
    public static IMcpServerBuilder WithCreatorProfilesTools(this IMcpServerBuilder builder)
    {
        builder.WithTools<ProfilesTools>(ToolsJsonContext.SerializerOptions);
        builder.WithRequestFilters(filters => filters.AddCallToolFilter(ToolErrorFilter.Wrap));
        return builder;
    }
}
