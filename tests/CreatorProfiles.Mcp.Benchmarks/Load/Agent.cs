using System.Diagnostics;
using System.Net.Http;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace CreatorProfiles.Mcp.Benchmarks.Load;

/// <summary>One simulated agent: its own MCP client over Streamable HTTP (through the balancer), one caller, calls in a
/// loop following <see cref="Workload.Mix"/>. A call that fails is retried once after a short pause; both are counted.</summary>
internal sealed class Agent(int index, Caller caller, McpClient client, Workload workload, IReadOnlyList<DemoProfile> owned)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    private readonly Random _random = new(index);
    private int _writes;

    public async Task RunAsync(TimeSpan duration, CallLog log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
        {
            var (kind, tool, arguments, write) = Next();
            var ok = await CallOnceAsync(kind, tool, arguments, log, cancellationToken);
            if (!ok)
            {
                await Task.Delay(250, cancellationToken);
                ok = await CallOnceAsync(kind, tool, arguments, log, cancellationToken);
                log.Retried(ok);
            }

            if (write is { } w)
            {
                workload.RecordWrite(w.ProfileId, w.Value, ok);
            }
        }
    }

    private (string Kind, string Tool, JsonObject Arguments, (string ProfileId, string Value)? Write) Next()
    {
        var kind = Workload.Pick(_random);
        switch (kind)
        {
            case "list":
                return (kind, "list_creator_profiles", new JsonObject { ["limit"] = 20 }, null);
            case "search":
                var (platform, query) = Workload.SearchTerm(caller, _random);
                return (kind, "search_creator_profiles", new JsonObject { ["platform"] = platform, ["query"] = query, ["limit"] = 20 }, null);
            case "trigger" when workload.TriggerTargets.Where(t => caller.Visible.Contains(t)).ToList() is { Count: > 0 } mine:
                return (kind, "trigger_scrape", new JsonObject { ["id"] = mine[_random.Next(mine.Count)].Id }, null);
            case "status" when owned.Count > 0:
                var profile = owned[_random.Next(owned.Count)];
                var value = $"load agent {index} write {++_writes}";
                return (kind, "update_scrape_status", new JsonObject { ["id"] = profile.Id, ["status"] = "error", ["error"] = value }, (profile.Id, value));
            default:
                return ("get", "get_creator_profile", new JsonObject { ["id"] = caller.Visible[_random.Next(caller.Visible.Count)].Id }, null);
        }
    }

    /// <summary>True when the server answered (a tool error is an answer, counted by kind, not retried).</summary>
    private async Task<bool> CallOnceAsync(string kind, string tool, JsonObject arguments, CallLog log, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await client.CallToolAsync(new CallToolRequestParams { Name = tool, Arguments = Mcp.ToArguments(arguments) }, timeout.Token);
            if (result.IsError == true)
            {
                log.Failed($"tool error ({tool}): {FirstWords(result)}");
            }

            log.Completed(kind, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            log.Failed(KindOf(e, timeout.IsCancellationRequested));
            return false;
        }
    }

    private static string KindOf(Exception e, bool timedOut)
    {
        if (timedOut)
        {
            return "timeout (30 s)";
        }

        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case HttpRequestException { StatusCode: { } status }: return $"HTTP {(int)status}";
                case HttpRequestException: return "connection (" + inner.Message.Split(' ', 4).Take(3).Aggregate((a, b) => a + " " + b) + ")";
                case McpProtocolException protocol: return $"MCP error {(int)protocol.ErrorCode}";
            }
        }

        return e.GetType().Name;
    }

    private static string FirstWords(CallToolResult result)
    {
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));
        return text.Length <= 40 ? text : text[..40] + "...";
    }
}
