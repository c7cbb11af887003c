using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreatorProfiles.Mcp.Benchmarks;

/// <summary>The printed table and the JSON file. Bars are printed as PASS/MISS lines; they never change the exit code
/// (timings on a shared machine are noisy).</summary>
internal static class Report
{
    public const int ToolsListBudgetBytes = 12_000; // "under 12 KB" read strictly (decimal kilobytes)

    private sealed record Bar(string Name, string Status, string Value);

    public static string Text(Results r, BenchOptions o, string serve)
    {
        var t = new StringBuilder();
        void Line(string s = "") => t.Append(s).Append('\n');

        Line($"CreatorProfiles.Mcp benchmark ({r.Settings["started_at"]}; {r.Settings["machine"]})");
        Line($"Directus {r.Settings["directus_url"]}, its MCP: {r.Settings["directus_mcp_server"]}; MCP protocol {o.ProtocolVersion}; build under test: {serve}");
        Line($"get reads {r.Settings["target_profile"]}; list = default page. Figures: median [min-max] over repeats; ratios are taken within each repeat.");
        if (r.HttpNote is not null)
        {
            Line($"NOTE: {r.HttpNote}");
        }

        Line();
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
        Line();
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

        Line();
        Line("3. tools/list: the whole result (all pages) as compact UTF-8 JSON");
        Line(Row(-46, "server", 10, "bytes", 9, "KiB", 7, "tools"));
        foreach (var s in r.ToolsList)
        {
            Line(Row(-46, s.Server, 10, s.Bytes.ToString("N0", CultureInfo.InvariantCulture), 9, F(s.Bytes / 1024.0, 1), 7, s.Tools.ToString(CultureInfo.InvariantCulture)));
        }

        Line();
        Line("4. Directus round trips per tool call (counted by a reverse proxy between the server and Directus)");
        Line(Row(-26, "tool", -56, "case", -6, "via", 4, "n", -1, "  requests"));
        foreach (var s in r.RoundTrips)
        {
            var detail = string.Join(", ", s.Requests.Select(q => $"{q.Method} {PathOnly(q.PathAndQuery)} {q.Status}"));
            Line(Row(-26, s.Tool, -56, s.Case, -6, s.Transport, 4, s.Requests.Count.ToString(CultureInfo.InvariantCulture), -1, "  " + detail));
        }

        Line();
        Line($"5. Cold start over stdio: spawn -> initialize result, {o.ColdStarts} starts per build (dotnet run: at most 3), +1 unmeasured each;");
        Line("   CPU = on-CPU time of the process tree's threads by then (less sensitive to a busy machine than wall time); peak RSS = VmHWM of the tree");
        Line(Row(-11, "build", 22, "initialize (ms)", 20, "CPU by then (ms)", 20, "peak RSS (MiB)", 20, "then first get (ms)", 20, "peak after it (MiB)"));
        foreach (var s in r.ColdStart)
        {
            if (s.Error is not null && s.InitializeMs.Count == 0)
            {
                Line(Row(-11, s.Variant, -1, "  failed: " + s.Error.Split('\n')[0]));
                continue;
            }

            Line(Row(-11, s.Variant, 22, S(s.InitializeMs, 0), 20, S(s.CpuAtInitializeMs, 0), 20, S(s.PeakRssAtInitializeMiB, 1), 20, S(s.FirstGetMs, 0), 20, S(s.PeakRssAfterGetMiB, 1)));
        }

        foreach (var s in r.ColdStart)
        {
            Line($"   {s.Variant}: {s.Label}");
        }

        Line();
        Line($"6. Memory of the published server (MiB): idle = VmRSS {2} s after a get and a list (private = its RssAnon part: heap, stacks, written data; the rest is executable and library pages mapped from the page cache); load = {o.Concurrency} get calls in flight for {o.DurationSeconds.ToString(CultureInfo.InvariantCulture)} s");
        Line(Row(-46, "build, transport", 20, "idle RSS", 18, "idle private", 20, "RSS under load (max)", 18, "VmHWM after load", 16, "calls/s"));
        foreach (var s in r.Memory)
        {
            if (s.Error is not null && s.IdleRssMiB.Count == 0)
            {
                Line(Row(-46, s.Label, -1, "  failed: " + s.Error.Split('\n')[0]));
                continue;
            }

            Line(Row(-46, s.Label, 20, S(s.IdleRssMiB, 1), 18, S(s.IdleRssAnonMiB, 1), 20, S(s.LoadRssMaxMiB, 1), 18, S(s.LoadHwmMiB, 1), 16, S(s.LoadCallsPerSecond, 0)));
        }

        Line();
        Line("Bars (docs/performance.md). Informational: the exit code does not depend on them.");
        foreach (var bar in Bars(r))
        {
            Line($"  {bar.Status,-4}  {bar.Name,-72} {bar.Value}");
        }

        return t.ToString();
    }

    private static List<Bar> Bars(Results r)
    {
        var bars = new List<Bar>();
        var httpGet = r.Latency.FirstOrDefault(l => l.Tool == Bench.GetTool && l.Key == "http");
        var stdioGet = r.Latency.FirstOrDefault(l => l.Tool == Bench.GetTool && l.Key == "stdio");
        var dxGet = r.Latency.FirstOrDefault(l => l.Tool == Bench.GetTool && l.Key == "directus_mcp");
        if (httpGet is null)
        {
            bars.Add(new("get_creator_profile over HTTP: p50 within 1.3x of direct REST", "n/a", "no HTTP transport in this build"));
            bars.Add(new("get_creator_profile over HTTP: faster than Directus /mcp (p50)", "n/a", "no HTTP transport in this build"));
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
            ? new("Native AOT cold start under 50 ms", "n/a", aot?.Error?.Split('\n')[0] ?? "no AOT build")
            : new("Native AOT cold start under 50 ms", Status(Stats.Spread(aot.InitializeMs).Median < 50),
                $"{S(aot.InitializeMs, 0)} ms (CPU {S(aot.CpuAtInitializeMs, 0)} ms)"));
        var aotMemory = r.Memory.FirstOrDefault(m => m.Variant == Variants.Aot && m.Transport == "stdio");
        bars.Add(aotMemory is null || aotMemory.IdleRssMiB.Count == 0
            ? new("Native AOT idle RSS under 30 MB", "n/a", aotMemory?.Error?.Split('\n')[0] ?? "no AOT build")
            : new("Native AOT idle RSS under 30 MB (MiB shown; 30 MB = 28.6 MiB)", Status(Stats.Spread(aotMemory.IdleRssMiB).Median * 1024 * 1024 < 30_000_000),
                $"{S(aotMemory.IdleRssMiB, 1)} MiB"));

        foreach (var (tool, limit, @case) in new[] { (Bench.ListTool, 1, "default page"), (Bench.GetTool, 2, "one profile"), ("trigger_scrape", 4, "job_queued") })
        {
            var row = r.RoundTrips.FirstOrDefault(x => x.Tool == tool && x.Transport == "stdio" && x.Case.StartsWith(@case, StringComparison.Ordinal));
            bars.Add(row is null
                ? new($"Directus round trips: {tool} <= {limit} ({@case})", "n/a", "not measured")
                : new($"Directus round trips: {tool} <= {limit} ({@case})", Status(row.Requests.Count <= limit), row.Requests.Count.ToString(CultureInfo.InvariantCulture)));
        }

        return bars;
    }

    public static JsonObject Json(Results r, BenchOptions o, string serve)
    {
        var json = new JsonObject
        {
            ["settings"] = r.Settings.DeepClone(),
            ["options"] = new JsonObject
            {
                ["serve"] = serve, ["repeats"] = o.Repeats, ["calls"] = o.Calls, ["warmup"] = o.Warmup, ["concurrency"] = o.Concurrency,
                ["duration_s"] = o.DurationSeconds, ["cold_starts"] = o.ColdStarts, ["memory_repeats"] = o.MemoryRepeats, ["protocol"] = o.ProtocolVersion,
            },
            ["http_available"] = r.HttpAvailable,
            ["http_note"] = r.HttpNote,
            ["latency_ms"] = new JsonArray([.. r.Latency.Select(s => (JsonNode)new JsonObject
            {
                ["tool"] = s.Tool, ["path"] = s.Key, ["label"] = s.Label,
                ["p50"] = SpreadJson(s.P50), ["p95"] = SpreadJson(s.P95), ["p50_ratio_to_rest"] = SpreadJson(s.RatioP50), ["p95_ratio_to_rest"] = SpreadJson(s.RatioP95),
                ["in_server_p50"] = SpreadJson(s.InServerP50),
            })]),
            ["throughput_calls_per_s"] = new JsonArray([.. r.Throughput.Select(s => (JsonNode)new JsonObject
            {
                ["path"] = s.Key, ["label"] = s.Label, ["concurrency"] = o.Concurrency,
                ["calls_per_s"] = SpreadJson(s.CallsPerSecond), ["ratio_to_rest"] = SpreadJson(s.Ratio), ["server_rss_max_mib"] = SpreadJson(s.ServerRssMaxMiB),
            })]),
            ["tools_list"] = new JsonArray([.. r.ToolsList.Select(s => (JsonNode)new JsonObject
            {
                ["server"] = s.Server, ["bytes"] = s.Bytes, ["tools"] = s.Tools, ["pages"] = s.Pages,
            })]),
            ["round_trips"] = new JsonArray([.. r.RoundTrips.Select(s => (JsonNode)new JsonObject
            {
                ["tool"] = s.Tool, ["case"] = s.Case, ["transport"] = s.Transport, ["requests"] = s.Requests.Count,
                ["detail"] = new JsonArray([.. s.Requests.Select(q => (JsonNode)JsonValue.Create($"{q.Method} {q.PathAndQuery} -> {q.Status}"))]),
            })]),
            ["cold_start"] = new JsonArray([.. r.ColdStart.Select(s => (JsonNode)new JsonObject
            {
                ["build"] = s.Variant, ["label"] = s.Label, ["initialize_ms"] = SpreadJson(s.InitializeMs), ["cpu_at_initialize_ms"] = SpreadJson(s.CpuAtInitializeMs),
                ["peak_rss_at_initialize_mib"] = SpreadJson(s.PeakRssAtInitializeMiB), ["first_get_ms"] = SpreadJson(s.FirstGetMs),
                ["peak_rss_after_first_get_mib"] = SpreadJson(s.PeakRssAfterGetMiB), ["error"] = s.Error,
            })]),
            ["memory_mib"] = new JsonArray([.. r.Memory.Select(s => (JsonNode)new JsonObject
            {
                ["build"] = s.Variant, ["transport"] = s.Transport, ["label"] = s.Label, ["idle_rss"] = SpreadJson(s.IdleRssMiB), ["idle_rss_anon"] = SpreadJson(s.IdleRssAnonMiB),
                ["load_rss_max"] = SpreadJson(s.LoadRssMaxMiB), ["load_vmhwm"] = SpreadJson(s.LoadHwmMiB),
                ["load_calls_per_s"] = SpreadJson(s.LoadCallsPerSecond), ["error"] = s.Error,
            })]),
            ["bars"] = new JsonArray([.. Bars(r).Select(b => (JsonNode)new JsonObject { ["bar"] = b.Name, ["status"] = b.Status, ["value"] = b.Value })]),
        };
        return json;
    }

    public static void WriteJson(string file, JsonObject json)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(file, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static JsonObject SpreadJson(List<double> values)
    {
        var s = Stats.Spread(values);
        return new JsonObject
        {
            ["median"] = Num(s.Median), ["min"] = Num(s.Min), ["max"] = Num(s.Max),
            ["values"] = new JsonArray([.. values.Select(v => (JsonNode?)Num(v))]),
        };
    }

    private static JsonValue? Num(double value) => double.IsNaN(value) || double.IsInfinity(value) ? null : JsonValue.Create(Math.Round(value, 3));

    private static string Status(bool ok) => ok ? "PASS" : "MISS";

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
