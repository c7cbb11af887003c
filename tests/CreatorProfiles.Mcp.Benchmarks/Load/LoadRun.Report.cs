using System.Globalization;
using System.Text;

namespace CreatorProfiles.Mcp.Benchmarks.Load;

/// <summary>Everything one load run measured.</summary>
internal sealed record LoadFigures(
    CallLog Mcp, double McpSeconds, CallLog Rest, double RestSeconds, long? DirectusRequests,
    List<(string Name, double? CpuPercent, double? RssMiB)> Usage,
    List<(TimeSpan At, string Name, double? RssMiB, int? Handles)> Samples,
    ConsistencyReport Consistency, string LoadAverageAtEnd);

internal sealed partial class LoadRun
{
    private string Report(LoadFigures f)
    {
        var s = new StringBuilder();
        void Line(string text) => s.AppendLine(CultureInfo.InvariantCulture, $"{text}");
        var mcpRate = f.Mcp.LatenciesMs.Count / f.McpSeconds;
        var restRate = f.RestSeconds > 0 ? f.Rest.LatenciesMs.Count / f.RestSeconds : double.NaN;
        var mcpCalls = f.Mcp.LatenciesMs.Count + f.Mcp.ErrorCount - f.Mcp.RetriedOk - f.Mcp.RetriedFailed;

        Line($"== load [{options.Label}]: {options.Agents} agents, {f.McpSeconds:F0} s, {Environment.ProcessorCount} cores, load average at end {f.LoadAverageAtEnd}");
        Line($"{"path",-34} {"calls/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"errors",7} {"ratio",6}");
        Line(Row("our MCP via the front door (mix)", mcpRate, f.Mcp, mcpRate / restRate));
        if (f.RestSeconds > 0)
        {
            Line(Row("Directus REST, same reads", restRate, f.Rest, 1));
        }

        Line("calls by kind: " + string.Join(", ", f.Mcp.Calls.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}")));
        Line("errors by kind: " + (f.Mcp.ErrorCount == 0 ? "none" : string.Join("; ", f.Mcp.Errors.OrderByDescending(e => e.Value).Select(e => $"{e.Value} x {e.Key}"))));
        Line($"retries: {f.Mcp.RetriedOk} succeeded, {f.Mcp.RetriedFailed} failed again");
        if (f.Rest.ErrorCount > 0)
        {
            Line("REST errors: " + string.Join("; ", f.Rest.Errors.Select(e => $"{e.Value} x {e.Key}")));
        }

        Line(f.DirectusRequests is { } requests
            ? $"Directus requests per MCP call: {(double)requests / Math.Max(1, mcpCalls):F2} ({requests} through the Directus balancer for {mcpCalls} calls)"
            : "Directus requests per MCP call: not counted (no balancer in front of Directus on this stack)");
        Line("CPU (% of one core over the MCP phase) and RSS at its end:");
        foreach (var (name, cpu, rss) in f.Usage)
        {
            Line($"  {name,-14} {(cpu is { } c ? $"{c,6:F0} %" : "   gone")}  {(rss is { } r ? $"{r,6:F0} MiB" : "")}");
        }

        AppendSamples(s, f.Samples);
        var c2 = f.Consistency;
        Line($"consistency: {(c2.Holds ? "OK" : "VIOLATED")}: active jobs {c2.ActiveJobs}, duplicate active jobs {c2.DuplicateActiveJobs}, claims {c2.Claims}, " +
             $"orphaned claims {c2.OrphanedClaims}, status writes checked {c2.StatusWrites}, lost {c2.LostWrites}, in-flight applied {c2.UncertainWrites}");
        return s.ToString();
    }

    /// <summary>RSS and handles per replica at the start, the middle and the end of the run (every sample with --sample).</summary>
    private static void AppendSamples(StringBuilder s, List<(TimeSpan At, string Name, double? RssMiB, int? Handles)> samples)
    {
        foreach (var replica in samples.GroupBy(x => x.Name))
        {
            var points = replica.ToList();
            var picks = new[] { points[0], points[points.Count / 2], points[^1] };
            s.AppendLine($"  {replica.Key} RSS MiB / handles at start, middle, end: " + string.Join(" -> ",
                picks.Select(p => $"{p.At.TotalSeconds:F0}s {(p.RssMiB is { } r ? r.ToString("F0", CultureInfo.InvariantCulture) : "gone")}/{p.Handles?.ToString(CultureInfo.InvariantCulture) ?? "-"}"))
                + string.Create(CultureInfo.InvariantCulture, $" (max RSS {points.Max(p => p.RssMiB ?? 0):F0})"));
        }
    }

    private static string Row(string label, double rate, CallLog log, double ratio) => string.Create(CultureInfo.InvariantCulture,
        $"{label,-34} {rate,8:F1} {Stats.Percentile(log.LatenciesMs, 50),8:F1} {Stats.Percentile(log.LatenciesMs, 95),8:F1} {Stats.Percentile(log.LatenciesMs, 99),8:F1} {log.ErrorCount,7} {ratio,6:F2}");
}
