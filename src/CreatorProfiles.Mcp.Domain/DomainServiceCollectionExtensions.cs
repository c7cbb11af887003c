using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using CreatorProfiles.Mcp.Domain.Profiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CreatorProfiles.Mcp.Domain;

public static class DomainServiceCollectionExtensions
{
    /// <param name="services">The container.</param>
    /// <param name="keyring">The parsed encryption keys, or null when CREDENTIALS_ENC_KEY_B64 is not set: then
    /// <see cref="ICredentialsCipherProvider.GetCipher"/> refuses with a message saying how to turn the features on.</param>
    public static IServiceCollection AddCreatorProfilesDomain(this IServiceCollection services, CredentialKeyring? keyring)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ProfileService>();
        services.AddSingleton<CredentialsService>();
        services.AddSingleton<ICredentialsCipherProvider>(new CredentialsCipherProvider(keyring));
        // The decrypt endpoint (HTTP mode): who may decrypt comes from the host (CREDENTIALS_DECRYPT_ROLES).
        services.TryAddSingleton(Options.Create(new CredentialsDecryptOptions()));
        services.AddSingleton<CredentialsDecryptService>();
        // request_credentials_entry: the links live in this process; the host adds the ICredentialsEntryEndpoint
        // that serves the page (without one the tool says it is not available).
        services.TryAddSingleton(Options.Create(new CredentialsEntryOptions()));
        services.AddSingleton<CredentialsEntryLinkStore>();
        services.AddSingleton<CredentialsEntryService>();
        return services;
    }
}
