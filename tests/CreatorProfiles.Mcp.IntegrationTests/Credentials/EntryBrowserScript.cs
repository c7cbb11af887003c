using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Credentials;

/// <summary>tests/clients/browser/entry-browser.mjs: headless Chromium driven through the entry page by a plan (links,
/// values, options); each step's status, title, text and screenshot come back by step name, with the script's whole
/// output (every page's text, for canary scans).</summary>
internal static class EntryBrowserScript
{
    private static readonly string ClientDir = Path.Combine(RepoPaths.Root, "tests", "clients", "browser");

    public static async Task<(Dictionary<string, JsonObject> Steps, string Output)> RunAsync(object plan, ITestOutputHelper output)
    {
        if (!Directory.Exists(Path.Combine(ClientDir, "node_modules", "playwright-core")))
        {
            throw new InvalidOperationException("playwright-core is not installed: run `npm ci` in tests/clients/browser (tests/run.sh does).");
        }

        var run = await ProcessRunner.RunAsync("node", [Path.Combine(ClientDir, "entry-browser.mjs")], standardInput: JsonSerializer.Serialize(plan),
            workingDirectory: ClientDir, timeout: TimeSpan.FromMinutes(3));
        Assert.True(run.ExitCode == 0, $"entry-browser.mjs failed ({run.ExitCode}): {run.StandardError}");
        var steps = JsonNode.Parse(run.StandardOutput)!["steps"]!.AsArray().ToDictionary(s => (string)s!["name"]!, s => s!.AsObject());
        foreach (var (name, step) in steps)
        {
            output.WriteLine($"{name}: {step["status"]} {step["title"]} -> {step["screenshot"]}");
        }

        return (steps, run.StandardOutput);
    }
}
