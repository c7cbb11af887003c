using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;

namespace CreatorProfiles.Mcp.Benchmarks.Load;

/// <summary>
/// The load mode: N agents over MCP through the front door for a set time (CPU, RSS and handles of every process of the
/// stack sampled meanwhile), then the same read mix straight to Directus REST at the same concurrency, then a
/// consistency check of the database. tests/load.sh starts the stack and runs the faults.
/// </summary>
internal sealed partial class LoadRun(LoadOptions options, StackEnv stack)
{
    private static readonly string[] CallerNames = ["alice", "bob", "admin"];

    public static async Task<int> MainAsync(string[] args)
    {
        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"load: {e.Message}");
            await Console.Error.WriteLineAsync("usage: CreatorProfiles.Mcp.Benchmarks load --stack-env FILE [--pids FILE] [--agents N] [--duration S] "
                + "[--rest-duration S] [--sample S] [--label TEXT]");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return await new LoadRun(options, StackEnv.Load(options.StackEnvFile)).RunAsync(cancel.Token);
    }

    private async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var processes = StackProcess.Load(options.PidsFile);
        using var admin = Bench.RestClient(stack);
        var profiles = Workload.Parse((await GetJsonAsync(admin, "items/creator_profiles?fields=id,user_id,platform,username&limit=-1", cancellationToken))?["data"]);
        var callers = CallerNames.Select(name => name == "admin" ? new Caller(name, stack.AdminToken, null, profiles) : new Caller(name,
            Token(name), stack[name.ToUpperInvariant() + "_USER_ID"], profiles.Where(p => p.UserId == stack[name.ToUpperInvariant() + "_USER_ID"]).ToList())).ToList();
        var workload = new Workload(profiles);
        var agentCallers = Enumerable.Range(0, options.Agents).Select(i => callers[i % callers.Count]).ToList();
        var owned = workload.AssignWriters(agentCallers);
        var endpoint = new Uri(stack["SERVER_URL"]!.TrimEnd('/') + "/mcp");
        Bench.Log($"load [{options.Label}]: {options.Agents} agents via {endpoint} for {options.DurationSeconds} s; {profiles.Count} profiles; load average {ProcFs.LoadAverage()}");

        var clients = new List<McpClient>();
        try
        {
            foreach (var caller in agentCallers)
            {
                clients.Add(await Mcp.ConnectHttpAsync(endpoint, caller.Token, options.ProtocolVersion, cancellationToken));
            }

            var agents = clients.Select((c, i) => new Agent(i, agentCallers[i], c, workload, owned[i])).ToList();
            var counter = new DirectusRequestCounter(stack["HAPROXY_STATS_URL"]);
            var directusBefore = await counter.TotalAsync(cancellationToken);
            var meter = new ProcessMeter(processes);
            var mcpLog = new CallLog();
            var clock = Stopwatch.StartNew();
            var duration = TimeSpan.FromSeconds(options.DurationSeconds);
            var running = Task.WhenAll(agents.Select(a => a.RunAsync(duration, mcpLog, cancellationToken)));
            meter.Sample();
            while (!running.IsCompleted)
            {
                await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(options.SampleSeconds), cancellationToken));
                meter.Sample();
            }

            await running;
            var mcpSeconds = clock.Elapsed.TotalSeconds;
            var usage = meter.Usage();
            var directusAfter = await counter.TotalAsync(cancellationToken);
            var loadAtEnd = ProcFs.LoadAverage();

            var restLog = new CallLog();
            var restSeconds = await RestReadsAsync(agentCallers, restLog, cancellationToken);
            var consistency = await Consistency.CheckAsync(admin, workload, cancellationToken);

            Console.Out.Write(Report(new LoadFigures(mcpLog, mcpSeconds, restLog, restSeconds,
                directusAfter - directusBefore, usage, meter.Samples, consistency, loadAtEnd)));
            // Figures never fail a run (the machine is shared); a broken guarantee does: the CI smoke relies on it.
            return consistency.Holds ? 0 : 1;
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    /// <summary>The read part of the mix (get, list, search in the same proportions), one Directus request each, for
    /// each agent's caller, with as many workers as agents.</summary>
    private async Task<double> RestReadsAsync(IReadOnlyList<Caller> agentCallers, CallLog log, CancellationToken cancellationToken)
    {
        if (options.RestSeconds <= 0)
        {
            return 0;
        }

        // The callers' tokens sign in to this server only; it reads Directus with its own token and adds the owner
        // filter itself, so the direct path does the same: the admin's token, each caller's owner filter.
        using var rest = Bench.RestClient(stack);
        var duration = TimeSpan.FromSeconds(options.RestSeconds);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(agentCallers.Select(async (caller, i) =>
        {
            var random = new Random(i);
            while (clock.Elapsed < duration)
            {
                var path = RestRead(caller, random);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await rest.GetAsync(path, cancellationToken);
                    _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        log.Completed("rest", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    else
                    {
                        log.Failed($"HTTP {(int)response.StatusCode}");
                    }
                }
                catch (HttpRequestException e)
                {
                    log.Failed("connection: " + e.HttpRequestError);
                }
            }
        }));
        return clock.Elapsed.TotalSeconds;
    }

    private static string RestRead(Caller caller, Random random)
    {
        string kind;
        do
        {
            kind = Workload.Pick(random);
        }
        while (kind is "trigger" or "status");

        var owner = caller.UserId is { } id ? "&filter[user_id][_eq]=" + id : "";
        switch (kind)
        {
            case "list":
                return "items/creator_profiles?limit=20&sort=platform,username" + owner;
            case "search":
                var (platform, query) = Workload.SearchTerm(caller, random);
                return $"items/creator_profiles?filter[platform][_eq]={Uri.EscapeDataString(platform)}&filter[username][_icontains]={Uri.EscapeDataString(query)}&limit=20{owner}";
            default:
                return $"items/creator_profiles?filter[id][_eq]={caller.Visible[random.Next(caller.Visible.Count)].Id}&limit=1{owner}";
        }
    }

    private string Token(string caller) => stack[caller.ToUpperInvariant() + "_TOKEN"]
        ?? throw new InvalidOperationException($"{caller.ToUpperInvariant()}_TOKEN is missing from {options.StackEnvFile}");

    public static async Task<JsonNode?> GetJsonAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, cancellationToken);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
    }
}
