using System.Globalization;

namespace CreatorProfiles.Mcp.Benchmarks;

/// <summary>Figures from /proc (Linux): a process's memory from /proc/&lt;pid&gt;/status (VmRSS now, VmHWM peak, in MiB)
/// and the machine's load average.</summary>
internal static class ProcFs
{
    /// <summary>The 1, 5 and 15 minute load averages, or "?" where /proc/loadavg cannot be read.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    public static double? ReadMiB(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    var kb = line[(field.Length + 1)..].Trim().Split(' ')[0];
                    return double.Parse(kb, CultureInfo.InvariantCulture) / 1024.0;
                }
            }
        }
        catch (IOException)
        {
            // gone
        }
        catch (UnauthorizedAccessException)
        {
            // not ours
        }

        return null;
    }

    /// <summary>The sum over a process and its descendants (dotnet run starts the app as a child).</summary>
    public static double? TreeMiB(int pid, string field)
    {
        double? total = null;
        foreach (var p in Tree(pid))
        {
            if (ReadMiB(p, field) is { } value)
            {
                total = (total ?? 0) + value;
            }
        }

        return total;
    }

    /// <summary>CPU time (ms) the live threads of a process tree have run so far (/proc/PID/task/TID/schedstat,
    /// nanoseconds): unlike wall time, it hardly depends on how busy the machine is.</summary>
    public static double? TreeCpuMs(int pid)
    {
        double? total = null;
        foreach (var p in Tree(pid))
        {
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{p}/task"))
                {
                    var first = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0];
                    total = (total ?? 0) + (double.Parse(first, CultureInfo.InvariantCulture) / 1e6);
                }
            }
            catch (IOException)
            {
                // gone
            }
            catch (UnauthorizedAccessException)
            {
                // not ours
            }
        }

        return total;
    }

    public static List<int> Tree(int pid)
    {
        var result = new List<int> { pid };
        for (var i = 0; i < result.Count; i++)
        {
            result.AddRange(Children(result[i]));
        }

        return result;
    }

    public static IEnumerable<int> Children(int pid)
    {
        var children = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                var text = File.ReadAllText(Path.Combine(task, "children"));
                children.AddRange(text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture)));
            }
        }
        catch (IOException)
        {
            // gone
        }
        catch (UnauthorizedAccessException)
        {
            // not ours
        }

        return children.Distinct();
    }

    /// <summary>The process this harness started last among its direct children, e.g. the one a StdioClientTransport
    /// just launched: the children now minus the children before.</summary>
    public static int? NewChild(ISet<int> before) =>
        Children(Environment.ProcessId).Where(c => !before.Contains(c)).Select(c => (int?)c).LastOrDefault();

    public static HashSet<int> ChildrenNow() => [.. Children(Environment.ProcessId)];
}
