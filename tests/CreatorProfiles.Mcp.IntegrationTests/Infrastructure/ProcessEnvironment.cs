using System.Diagnostics;

namespace CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

/// <summary>The one way the tests and the benchmark hand variables to a child process. Also compiled into the
/// benchmark harness (linked from its project file).</summary>
internal static class ProcessEnvironment
{
    /// <summary>Sets each variable on <paramref name="start"/>; a null value removes the variable (so a test can run
    /// the server as if the machine did not set it).</summary>
    public static ProcessStartInfo WithEnvironment(this ProcessStartInfo start, IEnumerable<KeyValuePair<string, string?>> environment)
    {
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        return start;
    }
}
