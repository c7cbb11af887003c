using System.Globalization;

namespace CreatorProfiles.Mcp.Benchmarks;

/// <summary>The bars of docs/performance.md, each judged PASS, MISS, n/a or info from the results.</summary>
internal static partial class Report
{
    private static List<Bar> Bars(Results r)
    {
        var bars = new List<Bar>();
        var httpGet = r.Latency.FirstOrDefault(l => l.Tool == Bench.GetTool && l.Key == "http");
        var stdioGet = r.Latency.FirstOrDefault(l => l.Tool == Bench.GetTool && l.Key == "stdio");
        var dxGet = r.Latency.FirstOrDefault(l => l.Tool == Bench.GetTool && l.Key == "directus_mcp");
        if (httpGet is null)
        {
            var why = r.Latency.Count == 0 ? "not measured" : "no HTTP transport in this build";
            bars.Add(new("get_creator_profile over HTTP: p50 within 1.3x of direct REST", "n/a", why));
            bars.Add(new("get_creator_profile over HTTP: faster than Directus /mcp (p50)", "n/a", why));
        }
        else
        {
            var ratio = Stats.Spread(httpGet.RatioP50);
            bars.Add(new("get_creator_profile over HTTP: p50 within 1.3x of direct REST", Status(ratio.Median <= 1.3), $"{S(httpGet.RatioP50, 2)}x"));
            if (dxGet is not null)
            {
                var vsDirectus = httpGet.P50.Zip(dxGet.P50, (a, b) => a / b).ToList();
                bars.Add(new("get_creator_profile over HTTP: faster than Directus /mcp (p50)", Status(Stats.Spread(vsDirectus).Median < 1),
                    $"{S(vsDirectus, 2)}x of Directus /mcp ({S(httpGet.P50, 2)} vs {S(dxGet.P50, 2)} ms)"));
            }
        }

        if (stdioGet is not null)
        {
            bars.Add(new("(info) get_creator_profile over stdio: p50 vs direct REST", "info", $"{S(stdioGet.RatioP50, 2)}x"));
            if (dxGet is not null)
            {
                var vsDirectus = stdioGet.P50.Zip(dxGet.P50, (a, b) => a / b).ToList();
                bars.Add(new("(info) get_creator_profile over stdio vs Directus /mcp (p50)", "info", $"{S(vsDirectus, 2)}x"));
            }
        }

        var ours = r.ToolsList.FirstOrDefault(t => t.Server.StartsWith("ours", StringComparison.Ordinal));
        var theirs = r.ToolsList.FirstOrDefault(t => t.Server.StartsWith("Directus", StringComparison.Ordinal));
        if (ours is not null)
        {
            bars.Add(new($"tools/list under 12 KB ({ToolsListBudgetBytes:N0} bytes)", Status(ours.Bytes < ToolsListBudgetBytes),
                $"{ours.Bytes:N0} bytes" + (theirs is null ? "" : $" vs Directus {theirs.Bytes:N0} ({F(100.0 * ours.Bytes / theirs.Bytes, 0)}%)")));
        }

        var aot = r.ColdStart.FirstOrDefault(c => c.Variant == Variants.Aot);
        bars.Add(aot is null || aot.InitializeMs.Count == 0
            ? new("Native AOT cold start under 50 ms", "n/a", Missing(aot?.Error, r.ColdStart.Count == 0))
            : new("Native AOT cold start under 50 ms", Status(Stats.Spread(aot.InitializeMs).Median < 50),
                $"{S(aot.InitializeMs, 0)} ms (CPU {S(aot.CpuAtInitializeMs, 0)} ms)"));
        var node = r.ColdStart.FirstOrDefault(c => c.Variant == NodeReference.Name);
        bars.Add(node is null || node.InitializeMs.Count == 0
            ? new("(info) Node reference MCP server cold start, same method", "n/a", NodeMissing(r, node?.Error, r.ColdStart.Count == 0))
            : new("(info) Node reference MCP server cold start, same method", "info", $"{S(node.InitializeMs, 0)} ms (CPU {S(node.CpuAtInitializeMs, 0)} ms)"));
        MemoryBars(r, bars);
        foreach (var (tool, limit, @case) in new[] { (Bench.ListTool, 1, "default page"), (Bench.GetTool, 2, "one profile"), ("trigger_scrape", 4, "job_queued") })
        {
            var row = r.RoundTrips.FirstOrDefault(x => x.Tool == tool && x.Transport == "stdio" && x.Case.StartsWith(@case, StringComparison.Ordinal));
            bars.Add(row is null
                ? new($"Directus round trips: {tool} <= {limit} ({@case})", "n/a", "not measured")
                : new($"Directus round trips: {tool} <= {limit} ({@case})", Status(row.Requests.Count <= limit), row.Requests.Count.ToString(CultureInfo.InvariantCulture)));
        }

        return bars;
    }

    /// <summary>The contract's memory bars: what an extra instance costs (private memory), and total RSS against the
    /// Node reference server, as a ratio taken within each repeat (the builds take turns).</summary>
    private static void MemoryBars(Results r, List<Bar> bars)
    {
        const string Private = "Native AOT idle private memory (RssAnon) under 30 MiB";
        const string VsNode = "Native AOT idle RSS at most 0.75x the Node reference server (same run)";
        var aot = r.Memory.FirstOrDefault(m => m.Variant == Variants.Aot && m.Transport == "stdio");
        var node = r.Memory.FirstOrDefault(m => m.Variant == NodeReference.Name);
        if (aot is null || aot.IdleRssAnonMiB.Count == 0 || aot.IdleRssMiB.Count == 0)
        {
            bars.Add(new(Private, "n/a", Missing(aot?.Error, r.Memory.Count == 0)));
            bars.Add(new(VsNode, "n/a", Missing(aot?.Error, r.Memory.Count == 0)));
            return;
        }

        bars.Add(new(Private, Status(Stats.Spread(aot.IdleRssAnonMiB).Median < 30), $"{S(aot.IdleRssAnonMiB, 1)} MiB (of idle RSS {S(aot.IdleRssMiB, 1)} MiB)"));
        if (node is null || node.IdleRssMiB.Count == 0)
        {
            bars.Add(new(VsNode, "n/a", NodeMissing(r, node?.Error, r.Memory.Count == 0)));
            return;
        }

        var ratios = aot.IdleRssMiB.Zip(node.IdleRssMiB, (ours, theirs) => ours / theirs).ToList();
        bars.Add(new(VsNode, Status(Stats.Spread(ratios).Median <= 0.75),
            $"{S(ratios, 2)}x ({S(aot.IdleRssMiB, 1)} vs {S(node.IdleRssMiB, 1)} MiB; private {S(aot.IdleRssAnonMiB, 1)} vs {S(node.IdleRssAnonMiB, 1)} MiB)"));
    }

    private static string Missing(string? error, bool notMeasured) =>
        error?.Split('\n')[0] ?? (notMeasured ? "not measured" : "no AOT build");

    private static string NodeMissing(Results r, string? error, bool notMeasured) =>
        r.NodeReferenceMissing ?? error?.Split('\n')[0] ?? (notMeasured ? "not measured" : "no Node reference server");

    private static string Status(bool ok) => ok ? "PASS" : "MISS";
}
