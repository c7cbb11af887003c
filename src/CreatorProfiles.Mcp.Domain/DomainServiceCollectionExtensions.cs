using CreatorProfiles.Mcp.Domain.Profiles;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorProfiles.Mcp.Domain;

public static class DomainServiceCollectionExtensions
{
    public static IServiceCollection AddCreatorProfilesDomain(this IServiceCollection services)
    {
        services.AddSingleton<ProfileService>();
        return services;
    }
}
