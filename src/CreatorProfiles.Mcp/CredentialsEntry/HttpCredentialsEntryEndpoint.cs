using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CreatorProfiles.Mcp.CredentialsEntry;

/// <summary>
/// HTTP mode's credentials entry page: served by the HTTP app itself (mapped by HttpServer), so there is nothing to
/// start. Links use PUBLIC_URL; without it, the loopback address the server is bound to. A server bound off loopback
/// without PUBLIC_URL has no address a remote person could open, and says so.
/// </summary>
internal sealed class HttpCredentialsEntryEndpoint(CredentialsEntrySite site, IServer server) : ICredentialsEntryEndpoint
{
    public ValueTask<Uri> EnsureStartedAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(site.PublicBase ?? LoopbackBase());

    private Uri LoopbackBase()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var bound = addresses.Select(address => Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri : null).OfType<Uri>().ToList();
        if (bound.Count == 0 || !bound.All(uri => uri.IsLoopback))
        {
            throw new DomainException("This server is reachable off this machine but PUBLIC_URL is not set, so it has no address for a " +
                "credentials entry link. Ask the operator to set PUBLIC_URL, or use set_profile_credentials.");
        }

        var chosen = bound.FirstOrDefault(uri => uri.Host is "127.0.0.1" or "localhost") ?? bound[0];
        var host = chosen.Host == "127.0.0.1" ? "127.0.0.1" : "localhost"; // names the page answers to ([::1] is reached as localhost)
        return new Uri($"{chosen.Scheme}://{host}:{chosen.Port}{CredentialsEntryPage.PathPrefix}");
    }
}
