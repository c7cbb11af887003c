using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>
/// Every server scenario of the MCP conformance suite (`@modelcontextprotocol/conformance`, tests/clients/conformance,
/// run with Node 22) that the suite lists for a protocol revision, against `--transport http --no-auth` on loopback
/// (the suite sends no Authorization header; --no-auth acts as the owner of DIRECTUS_TOKEN as stdio does). The
/// committed baseline tests/clients/conformance/expected-failures.json names, per revision, each scenario expected to
/// fail and why; the test fails when any other scenario fails AND when a baselined one passes, so the baseline always
/// says exactly where the server stands.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed partial class ConformanceTests(LocalDirectus directus, ITestOutputHelper output)
{
    /// <summary>2026-07-28 clients are stateless (the server's default); 2025-11-25 clients run against --stateful,
    /// which also answers them without a session where they send none, so the scenarios that need a session
    /// (server-sse-multiple-streams) can pass.</summary>
    [Theory]
    [InlineData("2026-07-28", false)]
    [InlineData("2025-11-25", true)]
    public async Task Every_scenario_of_the_revision_passes_or_is_an_expected_failure(string revision, bool stateful)
    {
        var scenarios = await ListScenariosAsync(revision);
        var expected = ExpectedFailures(revision);
        Assert.NotEmpty(scenarios);
        Assert.True(expected.Keys.All(scenarios.Contains),
            $"baseline names scenarios the suite no longer lists at {revision}: {string.Join(", ", expected.Keys.Except(scenarios))}");

        string[] arguments = stateful ? ["--no-auth", "--stateful"] : ["--no-auth"];
        await using var server = await HttpServerProcess.StartAsync(directus.ServerEnvironment(), arguments);

        // A few at a time (each is its own Node process and MCP client); reported in the order listed.
        using var gate = new SemaphoreSlim(3);
        var runs = await Task.WhenAll(scenarios.Select(async scenario =>
        {
            await gate.WaitAsync();
            try
            {
                return await RunScenarioAsync(server.McpEndpoint, revision, scenario);
            }
            finally
            {
                gate.Release();
            }
        }));

        var passed = scenarios.Where((_, i) => runs[i].Passed).ToList();
        var failed = scenarios.Except(passed).ToList();
        var unexpected = failed.Where(s => !expected.ContainsKey(s)).ToList();
        var stale = passed.Where(expected.ContainsKey).ToList();

        var report = new StringBuilder($"MCP conformance {SuiteVersion}, --spec-version {revision}, {(stateful ? "--stateful" : "stateless")}, {server.McpEndpoint}\n");
        runs.ToList().ForEach(run => report.Append(run.Report));
        report.AppendLine($"{revision}: {passed.Count} passed, {failed.Count - unexpected.Count} expected failures, {unexpected.Count} unexpected failures, {stale.Count} baselined but passing (of {scenarios.Count})");
        output.WriteLine(report.ToString());

        Assert.True(unexpected.Count == 0 && stale.Count == 0,
            $"unexpected failures: {string.Join(", ", unexpected)}; now passing, remove from the baseline: {string.Join(", ", stale)}\n{report}\nserver stderr:\n{server.StandardError}");
    }

    [Fact]
    public void Every_expected_failure_has_a_reason()
    {
        foreach (var revision in Baseline.Value)
        {
            Assert.All(revision.Value!.AsObject(), entry => Assert.False(string.IsNullOrWhiteSpace((string?)entry.Value), $"{revision.Key}: {entry.Key} has no reason"));
        }
    }

    private static string Cli => Node22.Installed(RepoPaths.ConformanceDir, "@modelcontextprotocol/conformance/dist/index.js");

    private static string SuiteVersion =>
        (string)JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.ConformanceDir, "package.json")))!["dependencies"]!["@modelcontextprotocol/conformance"]!;

    private static readonly Lazy<JsonObject> Baseline = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.ConformanceDir, "expected-failures.json")))!.AsObject());

    private static Dictionary<string, string> ExpectedFailures(string revision) =>
        Baseline.Value[revision]!.AsObject().ToDictionary(entry => entry.Key, entry => (string)entry.Value!);

    /// <summary>The server scenarios the suite's active set lists for <paramref name="revision"/> (cumulative: a
    /// scenario tagged with an earlier revision that still applies is listed too).</summary>
    private static async Task<List<string>> ListScenariosAsync(string revision)
    {
        var result = await Node22.RunAsync(Cli, ["list", "--server", "--spec-version", revision], TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        return [.. ScenarioLine().Matches(result.StandardOutput).Select(m => m.Groups["name"].Value)];
    }

    /// <summary>One scenario: passed when it exited 0 with at least one check and no FAILURE or WARNING among them
    /// (checks.json, the suite's own rule); the report has one line per check.</summary>
    private static async Task<(bool Passed, string Report)> RunScenarioAsync(Uri endpoint, string revision, string scenario)
    {
        var results = Directory.CreateTempSubdirectory("creatorprofiles-conformance-");
        try
        {
            var run = await Node22.RunAsync(Cli,
                ["server", "--url", endpoint.ToString(), "--spec-version", revision, "--scenario", scenario, "--output-dir", results.FullName], TimeSpan.FromMinutes(2));
            var file = results.EnumerateFiles("checks.json", SearchOption.AllDirectories).SingleOrDefault();
            var checks = file is null ? [] : JsonNode.Parse(await File.ReadAllTextAsync(file.FullName))!.AsArray().Select(c => c!.AsObject()).ToList();
            var passed = run.ExitCode == 0 && checks.Count > 0 && checks.All(c => (string?)c["status"] is not ("FAILURE" or "WARNING"));

            var report = new StringBuilder($"{scenario}: {(passed ? "passed" : "FAILED")} (exit {run.ExitCode}, {checks.Count} checks)\n");
            foreach (var check in checks)
            {
                report.AppendLine($"  {check["status"],-8} {check["id"]}: {check["description"]}{(check["errorMessage"] is { } error ? " -- " + error : "")}");
            }

            if (!passed && checks.Count == 0)
            {
                report.AppendLine("  output: " + (run.StandardOutput + run.StandardError).Trim().Replace("\n", "\n  ", StringComparison.Ordinal));
            }

            return (passed, report.ToString());
        }
        finally
        {
            results.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"^\s*-\s+(?<name>[a-z0-9-]+)\s+\[", RegexOptions.Multiline)]
    private static partial Regex ScenarioLine();
}
