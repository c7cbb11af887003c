using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreatorProfiles.Mcp.Benchmarks;

/// <summary>The results as the JSON file: every figure as median, min, max and the values.</summary>
internal static partial class Report
{
    public static JsonObject Json(Results r, BenchOptions o, string serve)
    {
        var json = new JsonObject
        {
            ["settings"] = r.Settings.DeepClone(),
            ["options"] = new JsonObject
            {
                ["serve"] = serve, ["repeats"] = o.Repeats, ["calls"] = o.Calls, ["warmup"] = o.Warmup, ["concurrency"] = o.Concurrency,
                ["duration_s"] = o.DurationSeconds, ["cold_starts"] = o.ColdStarts, ["memory_repeats"] = o.MemoryRepeats, ["protocol"] = o.ProtocolVersion,
                ["sections"] = new JsonArray([.. o.Sections.Select(n => (JsonNode)JsonValue.Create(n))]), ["node_reference"] = o.NodeReference,
            },
            ["http_available"] = r.HttpAvailable,
            ["http_note"] = r.HttpNote,
            ["node_reference_missing"] = r.NodeReferenceMissing,
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
            ["flood"] = r.Flood is not { } f ? null : new JsonObject
            {
                ["idle_p50_ms"] = SpreadJson(f.IdleP50), ["idle_p95_ms"] = SpreadJson(f.IdleP95), ["flood_p50_ms"] = SpreadJson(f.FloodP50),
                ["flood_p95_ms"] = SpreadJson(f.FloodP95), ["flood_p95_ratio"] = SpreadJson(f.RatioP95), ["bogus_requests"] = SpreadJson(f.BogusRequests),
                ["bogus_429"] = SpreadJson(f.TooManyRequests), ["directus_requests"] = SpreadJson(f.DirectusRequests),
            },
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
}
