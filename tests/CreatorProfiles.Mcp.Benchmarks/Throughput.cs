using System.Diagnostics;
using ModelContextProtocol.Client;

namespace CreatorProfiles.Mcp.Benchmarks;

internal sealed partial class Bench
{
    /// <summary>
    /// get_creator_profile with N concurrent clients for a fixed time: our server over HTTP (N MCP clients, each with
    /// its own connection), direct REST (N workers on one pooled HttpClient) and Directus's /mcp (N MCP clients).
    /// Paths take turns within each repeat; the ratio compares with REST in the same repeat.
    /// </summary>
    private async Task ThroughputAsync(HttpServerProcess? http, CancellationToken cancellationToken)
    {
        var n = _options.Concurrency;
        var duration = TimeSpan.FromSeconds(_options.DurationSeconds);
        var getArgs = Mcp.ToArguments(GetArguments());
        var dxReads = DirectusMcpReads(GetRequests);

        using var rest = NewRestClient();
        var oursClients = new List<McpClient>();
        var directusClients = new List<McpClient>();
        try
        {
            for (var i = 0; i < n; i++)
            {
                if (http is not null)
                {
                    oursClients.Add(await ConnectOursHttpAsync(http, cancellationToken));
                }

                directusClients.Add(await ConnectDirectusMcpAsync(cancellationToken));
            }

            var runs = new List<(ThroughputSeries Series, Func<int, CancellationToken, Task> Call, int? Pid)>
            {
                (new("rest", $"Directus REST, {n} workers"), (_, ct) => RestReadAsync(rest, GetRequests, ct), null),
            };
            if (http is not null)
            {
                runs.Add((new("http", $"our MCP, HTTP ({Serve.Name}), {n} clients"), (w, ct) => oursClients[w].CallAsync(GetTool, getArgs, ct), http.Pid));
            }

            runs.Add((new("directus_mcp", $"Directus /mcp items, {n} clients"), (w, ct) => DirectusMcpReadAsync(directusClients[w], dxReads, ct), null));
            Log($"throughput {GetTool}: {runs.Count} paths x {n} concurrent x {duration.TotalSeconds} s x {_options.Repeats} repeats");

            if (http is not null)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                Results.Memory.Add(IdleOnly(http.Pid, Serve.Name, "http", $"{Serve.Name}, HTTP (idle = after the latency runs)"));
            }

            foreach (var run in runs)
            {
                await RunConcurrentAsync(n, TimeSpan.FromSeconds(Math.Min(1, duration.TotalSeconds)), run.Call, null, cancellationToken); // warm-up
            }

            for (var repeat = 0; repeat < _options.Repeats; repeat++)
            {
                for (var k = 0; k < runs.Count; k++)
                {
                    var (series, call, pid) = runs[(repeat + k) % runs.Count];
                    var (callsPerSecond, rssMax) = await RunConcurrentAsync(n, duration, call, pid, cancellationToken);
                    series.CallsPerSecond.Add(callsPerSecond);
                    if (rssMax is { } rss)
                    {
                        series.ServerRssMaxMiB.Add(rss);
                    }
                }

                foreach (var run in runs)
                {
                    run.Series.Ratio.Add(run.Series.CallsPerSecond[^1] / runs[0].Series.CallsPerSecond[^1]);
                }
            }

            Results.Throughput.AddRange(runs.Select(r => r.Series));
            if (http is not null && runs.FirstOrDefault(r => r.Series.Key == "http").Series is { } httpSeries)
            {
                var memory = Results.Memory.Last(m => m.Transport == "http");
                memory.LoadRssMaxMiB.AddRange(httpSeries.ServerRssMaxMiB);
                memory.LoadCallsPerSecond.AddRange(httpSeries.CallsPerSecond);
                if (ProcFs.ReadMiB(http.Pid, "VmHWM") is { } hwm)
                {
                    memory.LoadHwmMiB.Add(hwm);
                }
            }
        }
        finally
        {
            foreach (var client in oursClients.Concat(directusClients))
            {
                await client.DisposeAsync();
            }
        }
    }

    /// <summary>N workers calling in a loop for <paramref name="duration"/>; calls completed per second, and the
    /// largest VmRSS of <paramref name="pid"/> sampled every 50 ms meanwhile.</summary>
    private static async Task<(double CallsPerSecond, double? RssMaxMiB)> RunConcurrentAsync(
        int workers, TimeSpan duration, Func<int, CancellationToken, Task> call, int? pid, CancellationToken cancellationToken)
    {
        long completed = 0;
        double? rssMax = null;
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(async w =>
        {
            while (clock.Elapsed < duration)
            {
                await call(w, cancellationToken);
                Interlocked.Increment(ref completed);
            }
        }).ToList();

        if (pid is { } p)
        {
            while (clock.Elapsed < duration)
            {
                if (ProcFs.ReadMiB(p, "VmRSS") is { } rss)
                {
                    rssMax = Math.Max(rssMax ?? 0, rss);
                }

                await Task.Delay(50, cancellationToken);
            }
        }

        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed.TotalSeconds;
        return (Interlocked.Read(ref completed) / elapsed, rssMax);
    }

    private static MemorySeries IdleOnly(int pid, string variant, string transport, string label)
    {
        var series = new MemorySeries(variant, transport, label);
        if (ProcFs.ReadMiB(pid, "VmRSS") is { } rss)
        {
            series.IdleRssMiB.Add(rss);
        }

        return series;
    }
}
