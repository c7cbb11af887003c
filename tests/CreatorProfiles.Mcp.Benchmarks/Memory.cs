namespace CreatorProfiles.Mcp.Benchmarks;

internal sealed partial class Bench
{
    /// <summary>Idle time after the first calls before "idle" RSS is read (the GC and the JIT settle).</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Idle RSS and RSS under load of each published build, over stdio (what mcp.json launches): a fresh process,
    /// one get and one list, <see cref="Settle"/> of quiet, VmRSS = idle (and its private part, RssAnon); then N concurrent get calls in flight on the
    /// one session for the throughput duration, VmRSS sampled every 50 ms (max) and VmHWM at the end. The Node reference
    /// server gets the same idle measurement, with a tools/list and one echo call for the get and the list, and no load
    /// (its trivial tool under load would say nothing about ours).
    /// </summary>
    private async Task MemoryAsync(CancellationToken cancellationToken)
    {
        var published = Variants.Values.Where(v => Benchmarks.Variants.Published.Contains(v.Name) || v.IsReference).ToList();
        var series = published.Select(v => new MemorySeries(v.Name, "stdio", $"{v.Name}, stdio")).ToList();
        var getArgs = Mcp.ToArguments(GetArguments());
        var listArgs = Mcp.ToArguments(ListArguments());
        var duration = TimeSpan.FromSeconds(_options.DurationSeconds);
        Log($"memory: {string.Join(", ", published.Select(v => v.Name))} x {_options.MemoryRepeats} (settle {Settle.TotalSeconds} s, load {_options.Concurrency} in flight x {duration.TotalSeconds} s)");
        for (var repeat = 0; repeat < _options.MemoryRepeats; repeat++)
        {
            foreach (var s in series.Where(s => s.Error is null))
            {
                try
                {
                    var variant = Variants[s.Variant];
                    var (client, pid, _) = await Mcp.StartStdioAsync(variant, EnvironmentOf(variant), _options.ProtocolVersion, cancellationToken);
                    await using (client)
                    {
                        if (pid is not { } p)
                        {
                            throw new InvalidOperationException("could not find the server's PID among the harness's children");
                        }

                        if (variant.IsReference)
                        {
                            await client.ListToolsAsync(cancellationToken: cancellationToken);
                            await client.CallAsync(NodeReference.EchoTool, NodeReference.EchoArguments(), cancellationToken);
                        }
                        else
                        {
                            await client.CallAsync(GetTool, getArgs, cancellationToken);
                            await client.CallAsync(ListTool, listArgs, cancellationToken);
                        }

                        await Task.Delay(Settle, cancellationToken);
                        if (ProcFs.ReadMiB(p, "VmRSS") is { } idle)
                        {
                            s.IdleRssMiB.Add(idle);
                        }

                        if (ProcFs.ReadMiB(p, "RssAnon") is { } anon)
                        {
                            s.IdleRssAnonMiB.Add(anon);
                        }

                        if (variant.IsReference)
                        {
                            continue;
                        }

                        var (callsPerSecond, rssMax) = await RunConcurrentAsync(
                            _options.Concurrency, duration, (_, ct) => client.CallAsync(GetTool, getArgs, ct), p, cancellationToken);
                        s.LoadCallsPerSecond.Add(callsPerSecond);
                        if (rssMax is { } max)
                        {
                            s.LoadRssMaxMiB.Add(max);
                        }

                        if (ProcFs.ReadMiB(p, "VmHWM") is { } hwm)
                        {
                            s.LoadHwmMiB.Add(hwm);
                        }
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    s.Error = Mcp.Shorten(e.Message, 400);
                    Log($"memory {s.Variant}: {e.Message}");
                }
            }
        }

        Results.Memory.InsertRange(0, series);
    }
}
