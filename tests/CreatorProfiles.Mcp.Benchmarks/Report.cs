using System.Globalization;
using System.Text;

namespace CreatorProfiles.Mcp.Benchmarks;

/// <summary>The printed table and the JSON file. Bars are printed as PASS/MISS lines; they never change the exit code
/// (timings on a shared machine are noisy).</summary>
internal static partial class Report
{
    public const int ToolsListBudgetBytes = 12_000; // "under 12 KB" read strictly (decimal kilobytes)

    private sealed record Bar(string Name, string Status, string Value);

    public static string Text(Results r, BenchOptions o, string serve)
    {
        var t = new StringBuilder();
        void Line(string s = "") => t.Append(s).Append('\n');
        bool Skipped(int section)
        {
            if (o.Runs(section))
            {
                return false;
            }

            Line($"{section}. (not run: --sections {string.Join(',', o.Sections)})");
            return true;
        }

        Line($"CreatorProfiles.Mcp benchmark ({r.Settings["started_at"]}; {r.Settings["machine"]})");
        Line($"Directus {r.Settings["directus_url"]}, its MCP: {r.Settings["directus_mcp_server"]}; MCP protocol {o.ProtocolVersion}; build under test: {serve}");
        Line($"get reads {r.Settings["target_profile"]}; list = default page. Figures: median [min-max] over repeats; ratios are taken within each repeat.");
        if (r.HttpNote is not null)
        {
            Line($"NOTE: {r.HttpNote}");
        }

        Line();
        if (!Skipped(1))
        {
            Line($"1. Latency, one call at a time (ms): {o.Calls} calls per path per repeat x {o.Repeats} repeats, {o.Warmup} warm-up calls; paths interleaved");
            Line(Row(-22, "tool", -34, "path", 22, "p50", 22, "p95", 20, "p50 / REST p50", 20, "in-server p50"));
            foreach (var group in r.Latency.GroupBy(l => l.Tool))
            {
                var first = true;
                foreach (var s in group)
                {
                    Line(Row(-22, first ? s.Tool : "", -34, s.Label, 22, S(s.P50, 2), 22, S(s.P95, 2), 20, s.Key == "rest" ? "1" : S(s.RatioP50, 2) + "x",
                        20, S(s.InServerP50, 1)));
                    first = false;
                }
            }

            Line("   in-server = p50 of the duration our server's audit line reports per call (tool pipeline incl. its Directus request;");
            Line("   not the MCP transport, JSON-RPC framing or the client). p50 minus in-server = what the MCP hop itself costs.");
            Line("   (floor: ping) = the cheapest request each hop answers (Directus GET /server/ping, MCP ping): no tool, no data.");
        }

        Line();
        if (!Skipped(2))
        {
            Line($"2. Throughput, {Bench.GetTool}, {o.Concurrency} concurrent callers, {o.DurationSeconds.ToString(CultureInfo.InvariantCulture)} s per path per repeat x {o.Repeats} repeats (calls/s)");
            Line(Row(-46, "path", 24, "calls/s", 20, "/ REST"));
            foreach (var s in r.Throughput)
            {
                Line(Row(-46, s.Label, 24, S(s.CallsPerSecond, 0), 20, s.Key == "rest" ? "1" : S(s.Ratio, 2) + "x"));
            }

            if (r.Throughput.Count == 0)
            {
                Line("  (not measured)");
            }
        }

        Line();
        if (!Skipped(3))
        {
            Line("3. tools/list: the whole result (all pages) as compact UTF-8 JSON");
            Line(Row(-46, "server", 10, "bytes", 9, "KiB", 7, "tools"));
            foreach (var s in r.ToolsList)
            {
                Line(Row(-46, s.Server, 10, s.Bytes.ToString("N0", CultureInfo.InvariantCulture), 9, F(s.Bytes / 1024.0, 1), 7, s.Tools.ToString(CultureInfo.InvariantCulture)));
            }
        }

        Line();
        if (!Skipped(4))
        {
            Line("4. Directus round trips per tool call (counted by a reverse proxy between the server and Directus)");
            Line(Row(-26, "tool", -56, "case", -6, "via", 4, "n", -1, "  requests"));
            foreach (var s in r.RoundTrips)
            {
                var detail = string.Join(", ", s.Requests.Select(q => $"{q.Method} {PathOnly(q.PathAndQuery)} {q.Status}"));
                Line(Row(-26, s.Tool, -56, s.Case, -6, s.Transport, 4, s.Requests.Count.ToString(CultureInfo.InvariantCulture), -1, "  " + detail));
            }
        }

        Line();
        if (!Skipped(5))
        {
            Line($"5. Cold start over stdio: spawn -> initialize result, {o.ColdStarts} starts per build (dotnet run: at most 3), +1 unmeasured each;");
            Line("   CPU = on-CPU time of the process tree's threads by then (less sensitive to a busy machine than wall time); peak RSS = VmHWM of the tree");
            Line(Row(-11, "build", 22, "initialize (ms)", 20, "CPU by then (ms)", 20, "peak RSS (MiB)", 20, "then first get (ms)", 20, "peak after it (MiB)"));
            foreach (var s in r.ColdStart)
            {
                Line(Failed(s.Error, s.InitializeMs) is { } failed
                    ? Row(-11, s.Variant, -1, failed)
                    : Row(-11, s.Variant, 22, S(s.InitializeMs, 0), 20, S(s.CpuAtInitializeMs, 0), 20, S(s.PeakRssAtInitializeMiB, 1), 20, S(s.FirstGetMs, 0), 20, S(s.PeakRssAfterGetMiB, 1)));
            }

            foreach (var s in r.ColdStart)
            {
                Line($"   {s.Variant}: {s.Label}");
            }

            if (r.NodeReferenceMissing is { } missing)
            {
                Line($"   {NodeReference.Name}: not measured: {missing}");
            }
        }

        Line();
        if (!Skipped(6))
        {
            Line($"6. Memory of the published server (MiB): idle = VmRSS {2} s after a get and a list (private = its RssAnon part: heap, stacks, written data; the rest is executable and library pages mapped from the page cache); load = {o.Concurrency} get calls in flight for {o.DurationSeconds.ToString(CultureInfo.InvariantCulture)} s");
            Line(Row(-46, "build, transport", 20, "idle RSS", 18, "idle private", 20, "RSS under load (max)", 18, "VmHWM after load", 16, "calls/s"));
            foreach (var s in r.Memory)
            {
                Line(Failed(s.Error, s.IdleRssMiB) is { } failed
                    ? Row(-46, s.Label, -1, failed)
                    : Row(-46, s.Label, 20, S(s.IdleRssMiB, 1), 18, S(s.IdleRssAnonMiB, 1), 20, S(s.LoadRssMaxMiB, 1), 18, S(s.LoadHwmMiB, 1), 16, S(s.LoadCallsPerSecond, 0)));
            }

            Line($"   {NodeReference.Name} = the Node reference MCP server (section 5), a measuring stick: its get and list are a tools/list and one {NodeReference.EchoTool}");
            Line("   call, and it gets no load (its trivial tool under load would say nothing about ours)"
                + (r.NodeReferenceMissing is { } missing ? $"; not measured: {missing}" : ""));
        }

        Line();
        if (!Skipped(7))
        {
            Line($"7. Bogus-token flood: {Bench.GetTool} one call at a time, {o.Calls} calls idle then {o.Calls} under a flood of made-up bearer tokens");
            Line("   (8 workers, cycles of 2,000 distinct tokens then 1,000 of one; per-address limit on, as shipped); Directus requests = the flood's, counted by the proxy");
            if (r.Flood is { } f)
            {
                Line(Row(-46, "authenticated caller, idle: p50 / p95 (ms)", 22, S(f.IdleP50, 2), 22, S(f.IdleP95, 2)));
                Line(Row(-46, "authenticated caller, flooded: p50 / p95 (ms)", 22, S(f.FloodP50, 2), 22, S(f.FloodP95, 2)));
                Line(Row(-46, "flooded p95 / idle p95", 22, S(f.RatioP95, 2) + "x"));
                Line(Row(-46, "bogus requests sent / of them 429", 22, S(f.BogusRequests, 0), 22, S(f.TooManyRequests, 0)));
                Line(Row(-46, "Directus requests caused by the flood", 22, S(f.DirectusRequests, 0)));
            }
            else
            {
                Line("  (not measured)");
            }
        }

        Line();
        Line("Bars (docs/performance.md). Informational: the exit code does not depend on them.");
        foreach (var bar in Bars(r))
        {
            Line($"  {bar.Status,-4}  {bar.Name,-72} {bar.Value}");
        }

        return t.ToString();
    }

    /// <summary>"failed: reason" for a row whose measurement failed before its first figure, else null.</summary>
    private static string? Failed(string? error, List<double> figures) =>
        error is not null && figures.Count == 0 ? "  failed: " + error.Split('\n')[0] : null;

    /// <summary>"median [min-max]" of a series, or "-" when empty.</summary>
    public static string S(List<double> values, int digits)
    {
        var s = Stats.Spread(values);
        if (!s.Known)
        {
            return "-";
        }

        return s.Count == 1 ? F(s.Median, digits) : $"{F(s.Median, digits)} [{F(s.Min, digits)}-{F(s.Max, digits)}]";
    }

    public static string F(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string PathOnly(string pathAndQuery)
    {
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? pathAndQuery : pathAndQuery[..q] + "?...";
    }

    /// <summary>Columns as (width, text) pairs; a negative width aligns left; -1 means "the rest of the line".</summary>
    private static string Row(params object[] columns)
    {
        var sb = new StringBuilder();
        for (var i = 0; i + 1 < columns.Length; i += 2)
        {
            var width = (int)columns[i];
            var text = (string)columns[i + 1];
            if (width == -1)
            {
                sb.Append(text);
                continue;
            }

            sb.Append(width < 0 ? text.PadRight(-width) : text.PadLeft(width));
            sb.Append(' ');
        }

        return sb.ToString().TrimEnd();
    }
}
