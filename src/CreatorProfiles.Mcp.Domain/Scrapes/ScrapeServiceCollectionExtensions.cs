using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CreatorProfiles.Mcp.Domain.Scrapes;

public static class ScrapeServiceCollectionExtensions
{
    /// <summary>The scrape workflow's domain service (needs the Directus client, callers, options, ProfileService and a clock).</summary>
    public static IServiceCollection AddScrapeWorkflow(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ScrapeService>();
        return services;
    }
}
