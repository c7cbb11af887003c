using System.Globalization;

namespace CreatorProfiles.Mcp.Benchmarks.Load;

/// <summary>Settings of the load mode (`CreatorProfiles.Mcp.Benchmarks load ...`, run by tests/load.sh).</summary>
internal sealed class LoadOptions
{
    public required string StackEnvFile { get; init; }

    /// <summary>"name pid start" lines (the cluster's pids file, or the one tests/load.sh writes for SQLite): the
    /// processes whose CPU, RSS and handles are reported; replicas are the names starting with "replica".</summary>
    public string? PidsFile { get; init; }

    public int Agents { get; init; }
    public double DurationSeconds { get; init; }
    public double RestSeconds { get; init; }

    /// <summary>Seconds between RSS and handle samples (the soak's table rows).</summary>
    public double SampleSeconds { get; init; }
    public string Label { get; init; } = "";
    public string ProtocolVersion { get; init; } = "2025-11-25";

    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            }

            values[args[i]] = args[++i];
        }

        double Number(string name, double fallback)
        {
            if (!values.Remove(name, out var text))
            {
                return fallback;
            }

            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n
                : throw new ArgumentException($"{name} must be a number >= 0, got '{text}'");
        }

        // The defaults live here only (tests/load.sh passes its own).
        var options = new LoadOptions
        {
            StackEnvFile = values.Remove("--stack-env", out var env) ? env : throw new ArgumentException("--stack-env FILE is required"),
            PidsFile = values.Remove("--pids", out var pids) ? pids : null,
            Label = values.Remove("--label", out var label) ? label : "load",
            Agents = Math.Max(1, (int)Number("--agents", 12)),
            DurationSeconds = Number("--duration", 30),
            RestSeconds = Number("--rest-duration", 15),
            SampleSeconds = Math.Max(1, Number("--sample", 5)),
        };
        return values.Count == 0 ? options : throw new ArgumentException("unknown argument: " + values.Keys.First());
    }
}
