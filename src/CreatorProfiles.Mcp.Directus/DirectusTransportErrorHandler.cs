using Polly.Timeout;

namespace CreatorProfiles.Mcp.Directus;

/// <summary>
/// Outermost handler: network failures and timeouts (after the resilience handler has retried reads) become
/// <see cref="DirectusException"/>s, so callers handle one exception type for everything Directus does wrong.
/// </summary>
internal sealed class DirectusTransportErrorHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw DirectusErrorMapper.FromTransportFailure(e, request.Method, request.RequestUri, timedOut: false);
        }
        catch (TimeoutRejectedException e)
        {
            throw DirectusErrorMapper.FromTransportFailure(e, request.Method, request.RequestUri, timedOut: true);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw DirectusErrorMapper.FromTransportFailure(e, request.Method, request.RequestUri, timedOut: true);
        }
    }
}
