using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace CreatorProfiles.Mcp.Directus;

/// <summary>Adds the server's own service token (DIRECTUS_TOKEN) to every request.</summary>
internal sealed class DirectusAuthHandler(IOptions<DirectusOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.Token);
        return base.SendAsync(request, cancellationToken);
    }
}
