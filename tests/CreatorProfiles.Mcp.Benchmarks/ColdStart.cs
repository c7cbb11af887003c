using System.Diagnostics;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.Benchmarks;

internal sealed partial class Bench
{
    /// <summary>
    /// Spawn -> initialize result, for every build (dotnet run, framework-dependent, ReadyToRun, Native AOT), with
    /// peak RSS (VmHWM, summed over the process tree: dotnet run starts the app as a child) at that moment; then the
    /// first get_creator_profile (JIT, DI, first Directus connection) and the peak after it. A hand-written JSON-RPC
    /// exchange over the pipes, so the clock covers the server and not a client library. One unmeasured start per
    /// build first (file cache); then the builds take turns. The Node reference server, when there is one, takes its
    /// turn last with the same exchange; its "first get" is its echo tool.
    /// </summary>
    private async Task ColdStartAsync(CancellationToken cancellationToken)
    {
        var series = Variants.Values.Select(v => new ColdStartSeries(v.Name, v.Description)).ToList();
        Log($"cold start: {string.Join(", ", series.Select(s => s.Variant))} x {_options.ColdStarts} (+1 unmeasured each)");
        for (var round = 0; round <= _options.ColdStarts; round++)
        {
            // dotnet run takes seconds per start (the SDK's up-to-date check): at most 3 measured starts of it.
            foreach (var s in series.Where(s => s.Error is null && (s.Variant != Benchmarks.Variants.DotnetRun || round <= 3)))
            {
                try
                {
                    var sample = await SpawnOnceAsync(Variants[s.Variant], cancellationToken);
                    if (round == 0)
                    {
                        continue;
                    }

                    s.InitializeMs.Add(sample.InitializeMs);
                    if (sample.CpuAtInitialize is { } cpu)
                    {
                        s.CpuAtInitializeMs.Add(cpu);
                    }

                    s.FirstGetMs.Add(sample.FirstGetMs);
                    if (sample.PeakAtInitialize is { } a)
                    {
                        s.PeakRssAtInitializeMiB.Add(a);
                    }

                    if (sample.PeakAfterGet is { } b)
                    {
                        s.PeakRssAfterGetMiB.Add(b);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    s.Error = Mcp.Shorten(e.Message, 400);
                    Log($"cold start {s.Variant}: {e.Message}");
                }
            }
        }

        Results.ColdStart.AddRange(series);
    }

    private sealed record SpawnSample(double InitializeMs, double? CpuAtInitialize, double? PeakAtInitialize, double FirstGetMs, double? PeakAfterGet);

    private async Task<SpawnSample> SpawnOnceAsync(ServerVariant variant, CancellationToken cancellationToken)
    {
        var (command, arguments) = variant.With();
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        arguments.ForEach(start.ArgumentList.Add);
        start.WithEnvironment(EnvironmentOf(variant));

        var initialize = new JsonObject
        {
            ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "initialize",
            ["params"] = new JsonObject
            {
                ["protocolVersion"] = _options.ProtocolVersion,
                ["capabilities"] = new JsonObject(),
                ["clientInfo"] = new JsonObject { ["name"] = "creatorprofiles-bench", ["version"] = "1.0.0" },
            },
        }.ToJsonString();
        var initialized = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";
        var (tool, toolArguments) = FirstCall(variant);
        var get = new JsonObject
        {
            ["jsonrpc"] = "2.0", ["id"] = 2, ["method"] = "tools/call",
            ["params"] = new JsonObject { ["name"] = tool, ["arguments"] = toolArguments },
        }.ToJsonString();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(variant.Name == Benchmarks.Variants.DotnetRun ? 5 : 2));
        var stderr = new StderrTail();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { stderr.Add(e.Data); } };
        process.BeginErrorReadLine();
        try
        {
            await process.StandardInput.WriteLineAsync(initialize.AsMemory(), timeout.Token);
            await process.StandardInput.FlushAsync(timeout.Token);
            var initResult = await ReadResponseAsync(process, 1, timeout.Token);
            var initializeMs = clock.Elapsed.TotalMilliseconds;
            var peakAtInitialize = ProcFs.TreeMiB(process.Id, "VmHWM");
            var cpuAtInitialize = ProcFs.TreeCpuMs(process.Id);
            if (initResult["result"] is null)
            {
                throw new InvalidOperationException("initialize failed: " + initResult.ToJsonString());
            }

            clock.Restart();
            await process.StandardInput.WriteLineAsync(initialized.AsMemory(), timeout.Token);
            await process.StandardInput.WriteLineAsync(get.AsMemory(), timeout.Token);
            await process.StandardInput.FlushAsync(timeout.Token);
            var getResult = await ReadResponseAsync(process, 2, timeout.Token);
            var firstGetMs = clock.Elapsed.TotalMilliseconds;
            if (getResult["result"]?["isError"]?.GetValue<bool>() == true || getResult["result"] is null)
            {
                throw new InvalidOperationException("first get failed: " + Mcp.Shorten(getResult.ToJsonString()));
            }

            return new(initializeMs, cpuAtInitialize, peakAtInitialize, firstGetMs, ProcFs.TreeMiB(process.Id, "VmHWM"));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"{variant.Name}: {e.Message}\n{stderr}", e);
        }
        finally
        {
            process.StandardInput.Close(); // end of input: a stdio server exits
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(exit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true); // only the tree this call started
            }
        }
    }

    /// <summary>Reads JSON-RPC lines until the response with <paramref name="id"/> (notifications are skipped).</summary>
    private static async Task<JsonNode> ReadResponseAsync(Process process, int id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(cancellationToken)
                ?? throw new InvalidOperationException($"the server closed stdout before answering request {id} (exit code {(process.HasExited ? process.ExitCode : -1)})");
            if (line.Length == 0 || line[0] != '{')
            {
                throw new InvalidOperationException($"not JSON-RPC on stdout: {Mcp.Shorten(line)}");
            }

            var message = JsonNode.Parse(line)!;
            if (message["id"] is JsonValue v && v.TryGetValue<int>(out var got) && got == id)
            {
                return message;
            }
        }
    }
}
