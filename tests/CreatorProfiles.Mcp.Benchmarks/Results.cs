using System.Text.Json.Nodes;

namespace CreatorProfiles.Mcp.Benchmarks;

/// <summary>Everything one run measured, per repeat; medians and ranges are computed when printing.</summary>
internal sealed class Results
{
    public JsonObject Settings { get; } = [];
    public bool HttpAvailable { get; set; }
    public string? HttpNote { get; set; }

    /// <summary>Why the Node reference server was not measured (no node, no SDK, not requested), or null.</summary>
    public string? NodeReferenceMissing { get; set; }
    public List<RoundTripRow> RoundTrips { get; } = [];
    public List<ToolsListRow> ToolsList { get; } = [];
    public List<LatencySeries> Latency { get; } = [];
    public List<ThroughputSeries> Throughput { get; } = [];
    public List<ColdStartSeries> ColdStart { get; } = [];
    public List<MemorySeries> Memory { get; } = [];
    public FloodSeries? Flood { get; set; }
    public List<string> Notes { get; } = [];
}

/// <summary>The Directus requests one tool call made (through the counting proxy).</summary>
internal sealed record RoundTripRow(string Tool, string Case, string Transport, IReadOnlyList<ProxiedRequest> Requests);

internal sealed record ToolsListRow(string Server, int Bytes, int Tools, int Pages);

/// <summary>One path's serial latency: p50 and p95 of each repeat, and the ratio of its p50 to REST's p50 in the
/// same repeat.</summary>
internal sealed class LatencySeries(string tool, string key, string label)
{
    public string Tool { get; } = tool;
    public string Key { get; } = key;
    public string Label { get; } = label;
    public List<double> P50 { get; } = [];
    public List<double> P95 { get; } = [];
    public List<double> RatioP50 { get; } = [];
    public List<double> RatioP95 { get; } = [];

    /// <summary>Our server only: p50 of the durations its audit lines report (inside the tool pipeline, Directus
    /// request included; MCP transport, JSON-RPC framing and the client are not).</summary>
    public List<double> InServerP50 { get; } = [];
}

internal sealed class ThroughputSeries(string key, string label)
{
    public string Key { get; } = key;
    public string Label { get; } = label;
    public List<double> CallsPerSecond { get; } = [];
    public List<double> Ratio { get; } = [];
    public List<double> ServerRssMaxMiB { get; } = [];
}

internal sealed class ColdStartSeries(string variant, string label)
{
    public string Variant { get; } = variant;
    public string Label { get; } = label;
    public List<double> InitializeMs { get; } = [];
    public List<double> CpuAtInitializeMs { get; } = [];
    public List<double> PeakRssAtInitializeMiB { get; } = [];
    public List<double> FirstGetMs { get; } = [];
    public List<double> PeakRssAfterGetMiB { get; } = [];
    public string? Error { get; set; }
}

internal sealed class MemorySeries(string variant, string transport, string label)
{
    public string Variant { get; } = variant;
    public string Transport { get; } = transport;
    public string Label { get; } = label;
    public List<double> IdleRssMiB { get; } = [];

    /// <summary>The private part of idle RSS (RssAnon: heap, stacks, written data); the rest (RssFile) is pages of the
    /// executable and libraries mapped from the page cache, shared and reclaimable.</summary>
    public List<double> IdleRssAnonMiB { get; } = [];
    public List<double> LoadRssMaxMiB { get; } = [];
    public List<double> LoadHwmMiB { get; } = [];
    public List<double> LoadCallsPerSecond { get; } = [];
    public string? Error { get; set; }
}
