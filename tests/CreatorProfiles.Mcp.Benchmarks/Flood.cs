using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace CreatorProfiles.Mcp.Benchmarks;

/// <summary>One repeat of the bogus-token flood: an authenticated caller's latency without and with the flood, and
/// what the flood cost Directus.</summary>
internal sealed class FloodSeries
{
    public List<double> IdleP50 { get; } = [];
    public List<double> IdleP95 { get; } = [];
    public List<double> FloodP50 { get; } = [];
    public List<double> FloodP95 { get; } = [];
    public List<double> RatioP95 { get; } = [];
    public List<double> BogusRequests { get; } = [];
    public List<double> DirectusRequests { get; } = [];
    public List<double> TooManyRequests { get; } = [];
}

internal sealed partial class Bench
{
    private const int FloodWorkers = 8;
    private const int DistinctBogusTokens = 2_000;
    private const int RepeatedBogusToken = 1_000;

    /// <summary>
    /// Requests with made-up bearer tokens (cycles of 2,000 distinct tokens then 1,000 of one token, 8 workers, as
    /// shipped: the per-address limit for requests without a valid token on) while one authenticated caller makes
    /// serial get_creator_profile calls; the same calls without the flood come first in each repeat. The server talks
    /// to Directus through the counting proxy, so the flood's Directus requests are counted (the authenticated calls'
    /// own requests, one per get, are subtracted).
    /// </summary>
    private async Task FloodAsync(CancellationToken cancellationToken)
    {
        await using var proxy = await CountingProxy.StartAsync(_stack.DirectusUrl);
        await using var http = await TryStartHttpAsync(Serve, _stack.ServerEnvironment(proxy.Url), cancellationToken);
        if (http is null)
        {
            return;
        }

        await using var caller = await ConnectOursHttpAsync(http, cancellationToken);
        var getArgs = Mcp.ToArguments(GetArguments());
        Task Get(CancellationToken ct) => caller.CallAsync(GetTool, getArgs, ct);
        for (var i = 0; i < _options.Warmup; i++)
        {
            await Get(cancellationToken);
        }

        using var flooder = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = FloodWorkers });
        var series = new FloodSeries();
        Log($"flood: {_options.Calls} authenticated gets idle, then under {FloodWorkers} workers of bogus tokens, x {_options.Repeats} repeats");
        for (var repeat = 0; repeat < _options.Repeats; repeat++)
        {
            var idle = await TimeCallsAsync(Get, _options.Calls, cancellationToken);
            proxy.Take();

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            long sent = 0, limited = 0;
            var workers = Enumerable.Range(0, FloodWorkers).Select(w => Task.Run(async () =>
            {
                for (var n = w; !stop.IsCancellationRequested; n += FloodWorkers)
                {
                    var slot = n % (DistinctBogusTokens + RepeatedBogusToken);
                    var token = slot < DistinctBogusTokens ? $"bogus-{repeat}-{n}" : $"bogus-{repeat}-repeated";
                    var status = await PostBogusAsync(flooder, http.McpEndpoint, token, stop.Token);
                    Interlocked.Increment(ref sent);
                    if (status == HttpStatusCode.TooManyRequests)
                    {
                        Interlocked.Increment(ref limited);
                    }
                }
            }, CancellationToken.None)).ToList();

            var flooded = await TimeCallsAsync(Get, _options.Calls, cancellationToken);
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            var directus = proxy.Take().Count - _options.Calls;

            series.IdleP50.Add(Stats.Percentile(idle, 50));
            series.IdleP95.Add(Stats.Percentile(idle, 95));
            series.FloodP50.Add(Stats.Percentile(flooded, 50));
            series.FloodP95.Add(Stats.Percentile(flooded, 95));
            series.RatioP95.Add(series.FloodP95[^1] / series.IdleP95[^1]);
            series.BogusRequests.Add(Interlocked.Read(ref sent));
            series.TooManyRequests.Add(Interlocked.Read(ref limited));
            series.DirectusRequests.Add(directus);
        }

        Results.Flood = series;
    }

    private static async Task<List<double>> TimeCallsAsync(Func<CancellationToken, Task> call, int count, CancellationToken cancellationToken)
    {
        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call(cancellationToken);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return times;
    }

    /// <summary>An MCP initialize with a made-up token; the status (401 refused, 429 over the per-address limit).</summary>
    private static async Task<HttpStatusCode?> PostBogusAsync(HttpClient client, Uri endpoint, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(
                """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"flood","version":"1"}}}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        try
        {
            using var answer = await client.SendAsync(request, cancellationToken);
            return answer.StatusCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null; // the flood was stopped mid-request
        }
    }
}
