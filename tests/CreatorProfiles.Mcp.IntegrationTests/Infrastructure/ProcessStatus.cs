using System.Globalization;

namespace CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

/// <summary>Linux /proc facts about a child process: to find one by a variable only it was given, and to read its memory.</summary>
internal static class ProcessStatus
{
    /// <summary>The process whose environment holds <paramref name="variable"/>=<paramref name="value"/> (a value unique
    /// to one start, so the tests running beside this one never match).</summary>
    public static int? FindByEnvironment(string variable, string value)
    {
        var wanted = $"{variable}={value}";
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "environ")).Split('\0').Contains(wanted, StringComparer.Ordinal))
                {
                    return pid;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile, or not ours
            }
        }

        return null;
    }

    /// <summary>A field of /proc/&lt;pid&gt;/status in KiB (VmRSS: resident now, VmHWM: peak resident); null when the process is gone.</summary>
    public static long? KiB(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
