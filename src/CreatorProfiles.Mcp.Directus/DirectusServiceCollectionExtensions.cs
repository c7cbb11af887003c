using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Refit;

namespace CreatorProfiles.Mcp.Directus;

public static class DirectusServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IDirectusApi"/>: source-generated Refit client, service token, retries for
    /// reads only, and every failure mapped to <see cref="DirectusException"/>.</summary>
    /// <param name="services">The container.</param>
    /// <param name="translateFailure">Turns each <see cref="DirectusException"/> into the exception the layer above
    /// works with (the domain passes its own); null keeps <see cref="DirectusException"/>.</param>
    public static IServiceCollection AddDirectusClient(this IServiceCollection services, Func<DirectusException, Exception>? translateFailure = null)
    {
        Exception? Translate(Exception? failure) => failure is DirectusException e && translateFailure is not null ? translateFailure(e) : failure;

        services.AddTransient<DirectusAuthHandler>();

        var settings = new RefitSettings
        {
            ContentSerializer = new SystemTextJsonContentSerializer(new JsonSerializerOptions(DirectusJsonContext.Default.Options)),
            ExceptionFactory = async response => Translate(await DirectusErrorMapper.FromResponseAsync(response)),
            TransportExceptionFactory = (request, exception, cancellationToken) =>
                Translate(DirectusErrorMapper.FromTransportException(request, exception, cancellationToken))!,
            DeserializationExceptionFactory = async (response, exception) => Translate(await DirectusErrorMapper.FromUnreadableBody(response, exception)),
        };

        var builder = services.AddRefitGeneratedClient<IDirectusApi>(settings)
            .ConfigureHttpClient((provider, client) =>
            {
                var options = provider.GetRequiredService<IOptions<DirectusOptions>>().Value;
                client.BaseAddress = options.BaseUrl;
                client.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline owns timeouts
            })
            .AddHttpMessageHandler<DirectusAuthHandler>();

        builder.AddResilienceHandler("directus", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<DirectusOptions>>().Value;
            pipeline.AddTimeout(options.TotalTimeout);
            if (options.ReadRetries > 0)
            {
                var retry = new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.ReadRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(200),
                };
                retry.DisableForUnsafeHttpMethods();
                pipeline.AddRetry(retry);
            }

            pipeline.AddTimeout(options.AttemptTimeout);
        });

        return services;
    }
}
