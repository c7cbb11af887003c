using System.Diagnostics;

namespace CreatorProfiles.Mcp.Benchmarks;

internal sealed partial class Bench
{
    /// <summary>One way of doing a read, timed call by call; <see cref="Server"/> is our server's stderr (audit lines).</summary>
    private sealed record CallPath(LatencySeries Series, Func<CancellationToken, Task> Call, StderrTail? Server = null);

    /// <summary>
    /// Serial latency of get and list on every path: direct REST (the exact request our server makes), our server
    /// over stdio and over HTTP, and Directus's own /mcp items tool. Calls are interleaved (one call per path in
    /// turn, starting path rotating) so that noise from other work on the machine falls on every path alike.
    /// </summary>
    private async Task LatencyAsync(HttpServerProcess? http, CancellationToken cancellationToken)
    {
        var (stdio, _, stdioErr) = await Mcp.StartStdioAsync(Serve, _stack.ServerEnvironment(), _options.ProtocolVersion, cancellationToken);
        await using var stdioClient = stdio;
        await using var directusMcp = await ConnectDirectusMcpAsync(cancellationToken);
        await using var oursHttp = http is null ? null : await ConnectOursHttpAsync(http, cancellationToken);
        using var rest = NewRestClient();

        Results.Settings["rest_get"] = string.Join(" + ", GetRequests.Select(r => "GET " + r));
        Results.Settings["rest_list"] = string.Join(" + ", ListRequests.Select(r => "GET " + r));
        Results.Settings["directus_mcp_get"] = string.Join(" + ", GetRequests.Select(r => "items " + DirectusQuery.ToItemsToolArguments(r).ToJsonString()));
        Results.Settings["directus_mcp_list"] = string.Join(" + ", ListRequests.Select(r => "items " + DirectusQuery.ToItemsToolArguments(r).ToJsonString()));

        foreach (var (tool, restRequests, toolArgs, dxReads) in new[]
                 {
                     (GetTool, GetRequests, Mcp.ToArguments(GetArguments()), DirectusMcpReads(GetRequests)),
                     (ListTool, ListRequests, Mcp.ToArguments(ListArguments()), DirectusMcpReads(ListRequests)),
                 })
        {
            var paths = new List<CallPath>
            {
                new(new(tool, "rest", "Directus REST (same request)"), ct => RestReadAsync(rest, restRequests, ct)),
                new(new(tool, "stdio", $"our MCP, stdio ({Serve.Name})"), ct => stdio.CallAsync(tool, toolArgs, ct), stdioErr),
            };
            if (oursHttp is not null)
            {
                paths.Add(new(new(tool, "http", $"our MCP, HTTP ({Serve.Name})"), ct => oursHttp.CallAsync(tool, toolArgs, ct), http!.Stderr));
            }

            paths.Add(new(new(tool, "directus_mcp", "Directus /mcp items tool"), ct => DirectusMcpReadAsync(directusMcp, dxReads, ct)));
            Log($"latency {tool}: {paths.Count} paths x {_options.Calls} calls x {_options.Repeats} repeats (warm-up {_options.Warmup})");

            try
            {
                await MeasureLatencyAsync(tool, paths, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new InvalidOperationException($"latency {tool}: {e.Message}\nstdio server stderr:\n{stdioErr}", e);
            }

            Results.Latency.AddRange(paths.Select(p => p.Series));
        }

        // The floor of each hop: the cheapest request each can answer (Directus's /server/ping, MCP ping), no tool and
        // no data. What a tool call costs above its REST read is at least the MCP ping minus the REST ping.
        var floor = new List<CallPath>
        {
            new(new(PingRow, "rest", "Directus REST GET /server/ping"), ct => RestReadAsync(rest, ["/server/ping"], ct)),
            new(new(PingRow, "stdio", $"our MCP, stdio ({Serve.Name}) ping"), async ct => await stdio.PingAsync(cancellationToken: ct)),
        };
        if (oursHttp is not null)
        {
            floor.Add(new(new(PingRow, "http", $"our MCP, HTTP ({Serve.Name}) ping"), async ct => await oursHttp.PingAsync(cancellationToken: ct)));
        }

        floor.Add(new(new(PingRow, "directus_mcp", "Directus /mcp ping"), async ct => await directusMcp.PingAsync(cancellationToken: ct)));
        Log($"latency floor (ping): {floor.Count} paths");
        await MeasureLatencyAsync(PingRow, floor, cancellationToken);
        Results.Latency.AddRange(floor.Select(p => p.Series));
    }

    public const string PingRow = "(floor: ping)";

    private async Task MeasureLatencyAsync(string tool, List<CallPath> paths, CancellationToken cancellationToken)
    {
        for (var w = 0; w < _options.Warmup; w++)
        {
            foreach (var path in paths)
            {
                await path.Call(cancellationToken);
            }
        }

        var restSeries = paths[0].Series;
        for (var repeat = 0; repeat < _options.Repeats; repeat++)
        {
            await Task.Delay(200, cancellationToken); // the last repeat's audit lines arrive (stderr is asynchronous)
            foreach (var path in paths)
            {
                path.Server?.TakeAudits(tool);
            }

            var samples = paths.Select(_ => new List<double>(_options.Calls)).ToList();
            for (var i = 0; i < _options.Calls; i++)
            {
                for (var k = 0; k < paths.Count; k++)
                {
                    var index = (i + k) % paths.Count;
                    var started = Stopwatch.GetTimestamp();
                    await paths[index].Call(cancellationToken);
                    samples[index].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }

            for (var index = 0; index < paths.Count; index++)
            {
                var series = paths[index].Series;
                series.P50.Add(Stats.Percentile(samples[index], 50));
                series.P95.Add(Stats.Percentile(samples[index], 95));
            }

            await Task.Delay(200, cancellationToken);
            foreach (var path in paths)
            {
                if (path.Server?.TakeAudits(tool) is { Count: > 0 } audited)
                {
                    path.Series.InServerP50.Add(Stats.Percentile(audited, 50));
                }

                path.Series.RatioP50.Add(path.Series.P50[^1] / restSeries.P50[^1]);
                path.Series.RatioP95.Add(path.Series.P95[^1] / restSeries.P95[^1]);
            }
        }
    }

    /// <summary>The whole tools/list result, ours (stdio, and HTTP when there) next to Directus's built-in MCP.</summary>
    private async Task ToolsListAsync(HttpServerProcess? http, CancellationToken cancellationToken)
    {
        var (stdio, _, _) = await Mcp.StartStdioAsync(Serve, _stack.ServerEnvironment(), _options.ProtocolVersion, cancellationToken);
        await using (stdio)
        {
            var (bytes, tools, pages) = await Mcp.ToolsListSizeAsync(stdio, cancellationToken);
            Results.ToolsList.Add(new($"ours, stdio ({Serve.Name}, all toolsets)", bytes, tools, pages));
        }

        if (http is not null)
        {
            await using var client = await ConnectOursHttpAsync(http, cancellationToken);
            var (bytes, tools, pages) = await Mcp.ToolsListSizeAsync(client, cancellationToken);
            Results.ToolsList.Add(new($"ours, HTTP ({Serve.Name}, all toolsets)", bytes, tools, pages));
        }

        await using (var directus = await ConnectDirectusMcpAsync(cancellationToken))
        {
            var (bytes, tools, pages) = await Mcp.ToolsListSizeAsync(directus, cancellationToken);
            Results.ToolsList.Add(new("Directus /mcp (built-in)", bytes, tools, pages));
        }

        Log("tools/list sizes: " + string.Join(", ", Results.ToolsList.Select(r => $"{r.Server} {r.Bytes} B")));
    }
}

