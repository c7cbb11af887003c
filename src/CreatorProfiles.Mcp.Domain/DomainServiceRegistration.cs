using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using CreatorProfiles.Mcp.Domain.Profiles;
using CreatorProfiles.Mcp.Domain.Scrapes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CreatorProfiles.Mcp.Domain;

/// <summary>The domain layer's registrations: its services and the Directus client they talk through.</summary>
public static class DomainServiceRegistration
{
    /// <summary>Every domain service (profiles, scrapes, credentials, the entry links) and the Directus client, whose
    /// failures arrive as <see cref="DataAccessException"/>. Who the caller is (<see cref="Callers.ICallerAccessor"/>)
    /// and where the entry page is served (<see cref="ICredentialsEntryEndpoint"/>) come from the host.</summary>
    /// <param name="services">The container.</param>
    /// <param name="keyring">The parsed encryption keys, or null when CREDENTIALS_ENC_KEY_B64 is not set: then
    /// <see cref="CredentialsCipherProvider.GetCipher"/> refuses with a message saying how to turn the features on.</param>
    /// <param name="acceptLegacy">CREDENTIALS_ACCEPT_LEGACY: false refuses the legacy stored forms everywhere.</param>
    public static IServiceCollection AddCreatorProfilesDomain(this IServiceCollection services, CredentialKeyring? keyring, bool acceptLegacy = true)
    {
        services.AddDirectusData();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ProfileService>();
        services.AddSingleton<ScrapeTriggerService>();
        services.AddSingleton<ScrapeQueryService>();
        services.AddSingleton<ProfileWatchService>();
        services.AddSingleton<Dashboard.ScrapeDashboardService>();
        services.AddSingleton<CredentialsService>();
        services.AddSingleton(new CredentialsCipherProvider(keyring, acceptLegacy));
        // The decrypt endpoint (HTTP mode): who may decrypt comes from the host (CREDENTIALS_DECRYPT_ROLES).
        services.TryAddSingleton(Options.Create(new CredentialsDecryptOptions()));
        services.AddSingleton<CredentialsDecryptService>();
        services.TryAddSingleton(Options.Create(new CredentialsEntryOptions()));
        services.TryAddSingleton<ISingleUseClaims, InMemorySingleUseClaims>();
        services.TryAddSingleton<ICredentialsEntryLinkRecords, InMemoryCredentialsEntryLinkRecords>();
        services.AddSingleton<CredentialsEntryLinkStore>();
        services.AddSingleton<CredentialsEntryRequestStates>();
        services.AddSingleton<CredentialsEntryService>();
        return services;
    }

    /// <summary>The Directus client alone, with its failures translated into <see cref="DataAccessException"/> (the
    /// host's one-shot commands, <c>doctor</c> and <c>credentials</c>, use this without the rest of the domain).</summary>
    public static IServiceCollection AddDirectusData(this IServiceCollection services) =>
        services.AddDirectusClient(DataAccessException.From);
}
