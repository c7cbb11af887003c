using CreatorProfiles.Mcp.CallPipeline;
using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.CredentialsEntry;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreatorProfiles.Mcp.SharedState;

/// <summary>Where the state the replicas must agree on lives: Redis when REDIS_URL is set, else this process.</summary>
internal static class SharedStateRegistration
{
    public static IServiceCollection AddSharedState(this IServiceCollection services, ServerSettings settings)
    {
        services.AddSingleton<LocalTokenBuckets>();
        if (settings.Redis is not { } endpoint)
        {
            services.AddSingleton<ITokenBuckets>(provider => provider.GetRequiredService<LocalTokenBuckets>());
            return services;
        }

        services.AddSingleton(provider => new RedisConnection(endpoint, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<RedisConnection>>()));
        services.AddSingleton<ITokenBuckets, RedisTokenBuckets>();
        services.AddSingleton<ISingleUseClaims, RedisSingleUseClaims>();
        services.AddSingleton<ICredentialsEntryLinkRecords, RedisCredentialsEntryLinkRecords>();
        services.AddSingleton<ICredentialsEntryCsrfTokens, RedisCredentialsEntryCsrfTokens>();
        return services;
    }
}
