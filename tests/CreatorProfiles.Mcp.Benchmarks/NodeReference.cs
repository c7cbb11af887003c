using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CreatorProfiles.Mcp.Benchmarks;

/// <summary>
/// The Node reference MCP server (tests/clients/ts/reference-server.mjs): the official TypeScript SDK's McpServer on
/// stdio with two trivial tools. The performance contract compares our cold start and idle memory with it, measured
/// the same way in the same run; it is a measuring stick, not part of the product. It has no Directus behind it, so
/// where our builds make "a get" it makes one <see cref="EchoTool"/> call, and "a list" is tools/list.
/// </summary>
internal static class NodeReference
{
    public const string Name = "node-ref";
    public const string EchoTool = "echo";

    public static JsonObject EchoArguments() => new() { ["text"] = "creatorprofiles-bench" };

    /// <summary>The variant to launch, or null and why it cannot run here (the bars then say n/a with that reason).</summary>
    public static (ServerVariant? Variant, string? Missing) Resolve(string? script)
    {
        if (script is null)
        {
            return (null, "not requested (--node-reference FILE)");
        }

        if (!File.Exists(script))
        {
            return (null, $"no reference server at {script}");
        }

        var full = Path.GetFullPath(script);
        var sdkPackage = Path.Combine(Path.GetDirectoryName(full)!, "node_modules", "@modelcontextprotocol", "sdk", "package.json");
        if (!File.Exists(sdkPackage))
        {
            return (null, "the TypeScript SDK is not installed next to it (npm ci in tests/clients/ts)");
        }

        if (FindOnPath("node") is not { } node)
        {
            return (null, "no `node` on PATH");
        }

        var sdkVersion = (string?)JsonNode.Parse(File.ReadAllText(sdkPackage))?["version"] ?? "?";
        var description = $"Node reference MCP server (node {NodeVersion(node)}, @modelcontextprotocol/sdk {sdkVersion}, two trivial tools): the measuring stick, not ours";
        return (new(Name, description, node, [full], IsReference: true), null);
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);

    private static string NodeVersion(string node)
    {
        var start = new ProcessStartInfo(node, "--version") { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start);
        if (process is null || !process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            process?.Kill();
            return "?";
        }

        return process.StandardOutput.ReadToEnd().Trim();
    }
}
