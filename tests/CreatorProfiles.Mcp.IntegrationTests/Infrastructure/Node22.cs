namespace CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

/// <summary>
/// The Node 22 that samples/directus/stack.sh caches for Directus (`stack.sh node` prints its path), for the npm
/// tools that need Node 22 while the machine's own node may be older: the MCP Inspector CLI and the conformance suite.
/// </summary>
internal static class Node22
{
    private static readonly Lazy<Task<string>> Path = new(FindAsync);

    public static Task<string> PathAsync() => Path.Value;

    /// <summary>Runs <paramref name="script"/> (a .js file) with Node 22; HOME is a fresh temporary folder (these tools
    /// keep state under ~, e.g. ~/.mcp-inspector), removed afterwards.</summary>
    public static async Task<ProcessResult> RunAsync(string script, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var home = Directory.CreateTempSubdirectory("creatorprofiles-node-home-");
        try
        {
            var environment = new Dictionary<string, string?> { ["HOME"] = home.FullName, ["NO_COLOR"] = "1", ["FORCE_COLOR"] = "0" };
            return await ProcessRunner.RunAsync(await PathAsync(), [script, .. arguments], environment, timeout: timeout);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    /// <summary>Fails with a hint when <paramref name="packageDir"/>'s node_modules lacks <paramref name="entry"/>.</summary>
    public static string Installed(string packageDir, string entry)
    {
        var path = System.IO.Path.Combine(packageDir, "node_modules", entry);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} is missing: run `npm ci` in {System.IO.Path.GetRelativePath(RepoPaths.Root, packageDir)} (tests/run.sh does).");
    }

    private static async Task<string> FindAsync()
    {
        var result = await ProcessRunner.RunAsync("bash", [RepoPaths.StackScript, "node"], timeout: TimeSpan.FromMinutes(15));
        var node = result.StandardOutput.Trim();
        return result.ExitCode == 0 && File.Exists(node)
            ? node
            : throw new InvalidOperationException($"stack.sh node failed ({result.ExitCode}): {result.StandardError}");
    }
}
