using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace CreatorProfiles.Mcp.Directus;

/// <summary>Adds the server's own service token (DIRECTUS_TOKEN) to every request that does not name a token itself
/// (only the HTTP mode's caller lookups do: they ask Directus who a caller's token belongs to).</summary>
internal sealed class DirectusAuthHandler(IOptions<DirectusOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", options.Value.Token);
        return base.SendAsync(request, cancellationToken);
    }
}
