using System.Globalization;

namespace CreatorProfiles.Mcp.Benchmarks.Load;

/// <summary>One process of the stack under load, by name (replica-1, directus-2, postgres, redis, haproxy).</summary>
internal sealed record StackProcess(string Name, int Pid)
{
    public bool IsReplica => Name.StartsWith("replica", StringComparison.Ordinal);

    /// <summary>Open file descriptors (sockets included), or null once the process is gone.</summary>
    public int? Handles()
    {
        try
        {
            return Directory.GetFileSystemEntries($"/proc/{Pid}/fd").Length;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>"name pid [start]" lines; names not listed are not measured.</summary>
    public static List<StackProcess> Load(string? file) => file is null || !File.Exists(file)
        ? []
        : File.ReadAllLines(file)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length >= 2 && int.TryParse(parts[1], out _))
            .Select(parts => new StackProcess(parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)))
            .GroupBy(p => p.Name).Select(g => g.Last()) // a process restarted by a fault run is listed again
            .ToList();
}

/// <summary>CPU time of each process (and its children: PostgreSQL's backends) between two moments, as a share of
/// one core; and the memory and handles at each sample.</summary>
internal sealed class ProcessMeter(IReadOnlyList<StackProcess> processes)
{
    private readonly Dictionary<string, double?> _cpuAtStart = processes.ToDictionary(p => p.Name, p => CpuMs(p.Pid));
    private readonly double? _harnessCpuAtStart = CpuMs(Environment.ProcessId);
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    public List<(TimeSpan At, string Name, double? RssMiB, int? Handles)> Samples { get; } = [];

    public void Sample()
    {
        foreach (var p in processes.Where(p => p.IsReplica))
        {
            Samples.Add((_clock.Elapsed, p.Name, ProcFs.ReadMiB(p.Pid, "VmRSS"), p.Handles()));
        }
    }

    /// <summary>Per process: % of one core used since the start, and RSS now (MiB); the harness itself last.</summary>
    public List<(string Name, double? CpuPercent, double? RssMiB)> Usage()
    {
        var seconds = _clock.Elapsed.TotalSeconds;
        var rows = processes.Select(p => (p.Name,
            Share(_cpuAtStart[p.Name], CpuMs(p.Pid), seconds), ProcFs.ReadMiB(p.Pid, "VmRSS"))).ToList();
        rows.Add(("load harness", Share(_harnessCpuAtStart, CpuMs(Environment.ProcessId), seconds), ProcFs.ReadMiB(Environment.ProcessId, "VmRSS")));
        return rows;
    }

    private static double? Share(double? startMs, double? endMs, double seconds) =>
        startMs is { } start && endMs is { } end ? (end - start) / 10 / seconds : null;

    /// <summary>utime + stime of a process and its live descendants (/proc/PID/stat, clock ticks of 10 ms): unlike the
    /// per-thread counters, a process's own total keeps the time of threads that have exited (thread-pool churn).</summary>
    private static double? CpuMs(int pid)
    {
        double? total = null;
        foreach (var p in ProcFs.Tree(pid))
        {
            try
            {
                var fields = File.ReadAllText($"/proc/{p}/stat").Split(") ")[^1].Split(' ');
                total = (total ?? 0) + ((double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) * 10);
            }
            catch (IOException)
            {
                // gone
            }
        }

        return total;
    }
}

/// <summary>Requests HAProxy passed to the Directus instances (its statistics, backend "directus", req_tot): the
/// Directus requests per tool call without a proxy of ours in the path. Null without a balancer (SQLite stack).</summary>
internal sealed class DirectusRequestCounter(string? statsUrl)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public async Task<long?> TotalAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(statsUrl))
        {
            return null;
        }

        var lines = (await Http.GetStringAsync(statsUrl.TrimEnd('/') + "/;csv", cancellationToken)).Split('\n');
        var header = lines[0].TrimStart('#', ' ').Split(',');
        var column = Array.IndexOf(header, "req_tot");
        var row = lines.Select(l => l.Split(',')).FirstOrDefault(c => c.Length > column && c[0] == "directus" && c[1] == "BACKEND");
        return column >= 0 && row is not null && long.TryParse(row[column], out var total) ? total : null;
    }
}
