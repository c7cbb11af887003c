using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace CreatorProfiles.Mcp.Benchmarks;

/// <summary>One request a server under test made to Directus.</summary>
internal sealed record ProxiedRequest(string Method, string PathAndQuery, int Status);

/// <summary>
/// A <see cref="DirectusProxy"/> between a server under test and Directus that records every request (method, path and
/// query, status). It is only used to count round trips and capture the exact requests, never while latency is measured.
/// </summary>
internal sealed class CountingProxy : IAsyncDisposable
{
    private readonly List<ProxiedRequest> _requests = [];
    private readonly Lock _gate = new();
    private DirectusProxy _proxy = null!;

    public Uri Url => _proxy.Url;

    public static async Task<CountingProxy> StartAsync(Uri target)
    {
        var counting = new CountingProxy();
        counting._proxy = await DirectusProxy.StartAsync(target, counting.Record);
        return counting;
    }

    /// <summary>The requests recorded since the last call, and a fresh start.</summary>
    public List<ProxiedRequest> Take()
    {
        lock (_gate)
        {
            var taken = _requests.ToList();
            _requests.Clear();
            return taken;
        }
    }

    private Task<bool> Record(HttpContext context, HttpResponseMessage answer)
    {
        lock (_gate)
        {
            _requests.Add(new ProxiedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, (int)answer.StatusCode));
        }

        return Task.FromResult(true);
    }

    public ValueTask DisposeAsync() => _proxy.DisposeAsync();
}
