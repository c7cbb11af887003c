using CreatorProfiles.Mcp.Domain.Profiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CreatorProfiles.Mcp.Domain;

public static class DomainServiceCollectionExtensions
{
    public static IServiceCollection AddCreatorProfilesDomain(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ProfileService>();
        return services;
    }
}
