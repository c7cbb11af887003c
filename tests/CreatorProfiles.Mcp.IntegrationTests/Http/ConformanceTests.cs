using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>
/// The server scenarios of the MCP conformance suite (`@modelcontextprotocol/conformance` 0.1.16, tests/clients/conformance,
/// run with Node 22) that apply to this server, against `--transport http --no-auth` on loopback: the suite sends no
/// Authorization header, and --no-auth (refused off loopback) acts as the owner of DIRECTUS_TOKEN as stdio does.
/// Many of the suite's scenarios call fixture tools, resources and prompts that only its reference "everything"
/// server has (test_simple_text, test://static-text, test_simple_prompt, ...): those are listed in
/// <see cref="Excluded"/> with the reason, and a test keeps the two lists complete when the suite grows.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed partial class ConformanceTests(LocalDirectus directus, ITestOutputHelper output)
{
    /// <summary>Run in both session modes: the handshake, ping, tools/list, DNS-rebinding protection, and the list
    /// methods and logging/setLevel of the capabilities the server advertises (logging, prompts, resources, tools).</summary>
    private static readonly string[] Applicable =
    [
        "server-initialize", "ping", "tools-list", "dns-rebinding-protection", "logging-set-level", "resources-list", "prompts-list",
    ];

    /// <summary>Needs an Mcp-Session-Id (it POSTs three concurrent requests into one session): --stateful only.</summary>
    private static readonly string[] StatefulOnly = ["server-sse-multiple-streams"];

    private const string Fixture = "calls a fixture of the suite's reference server that this server does not have";

    /// <summary>Not run, and why. (tools-call-simple-text and tools-call-error even "pass" here, vacuously: the
    /// "Unknown tool" error result has a text block and isError, which is all they check.)</summary>
    private static readonly Dictionary<string, string> Excluded = new()
    {
        ["completion-complete"] = "completions capability not advertised (the server answers -32601, as it should)",
        ["tools-call-simple-text"] = Fixture + " (tool test_simple_text)",
        ["tools-call-image"] = Fixture + " (tool test_image_content)",
        ["tools-call-audio"] = Fixture + " (tool test_audio_content)",
        ["tools-call-embedded-resource"] = Fixture + " (tool test_embedded_resource)",
        ["tools-call-mixed-content"] = Fixture + " (tool test_multiple_content_types)",
        ["tools-call-with-logging"] = Fixture + " (tool test_tool_with_logging)",
        ["tools-call-error"] = Fixture + " (tool test_error_handling)",
        ["tools-call-with-progress"] = Fixture + " (tool test_tool_with_progress)",
        ["tools-call-sampling"] = Fixture + " (tool test_sampling); the server never samples",
        ["tools-call-elicitation"] = Fixture + " (tool test_elicitation)",
        ["json-schema-2020-12"] = Fixture + " (tool json_schema_2020_12_tool); pending in the suite",
        ["elicitation-sep1034-defaults"] = Fixture + " (tool test_elicitation_sep1034_defaults)",
        ["elicitation-sep1330-enums"] = Fixture + " (tool test_elicitation_sep1330_enums)",
        ["server-sse-polling"] = Fixture + " (tool test_reconnection); pending in the suite",
        ["resources-read-text"] = Fixture + " (resource test://static-text)",
        ["resources-read-binary"] = Fixture + " (resource test://static-binary)",
        ["resources-templates-read"] = Fixture + " (template test://template/{id}/data)",
        ["resources-subscribe"] = Fixture + " (resource test://watched-resource; only creatorprofiles://profiles/{id} can be subscribed, covered by the TypeScript client tests)",
        ["resources-unsubscribe"] = Fixture + " (resource test://watched-resource)",
        ["prompts-get-simple"] = Fixture + " (prompt test_simple_prompt)",
        ["prompts-get-with-args"] = Fixture + " (prompt test_prompt_with_arguments)",
        ["prompts-get-embedded-resource"] = Fixture + " (prompt test_prompt_with_embedded_resource)",
        ["prompts-get-with-image"] = Fixture + " (prompt test_prompt_with_image)",
    };

    [Fact]
    public async Task Every_server_scenario_of_the_suite_is_run_or_excluded_with_a_reason()
    {
        var result = await Node22.RunAsync(Cli, ["list"], TimeSpan.FromMinutes(1));
        Assert.Equal(0, result.ExitCode);

        var section = result.StandardOutput[..result.StandardOutput.IndexOf("Client scenarios", StringComparison.Ordinal)];
        var listed = ScenarioLine().Matches(section).Select(m => m.Groups["name"].Value).ToHashSet();
        var known = Applicable.Concat(StatefulOnly).Concat(Excluded.Keys).ToHashSet();

        Assert.NotEmpty(listed);
        Assert.True(listed.SetEquals(known),
            $"new in the suite (decide: run or exclude): {string.Join(", ", listed.Except(known))}; gone from it: {string.Join(", ", known.Except(listed))}");
    }

    [Theory]
    [InlineData("stateless")]
    [InlineData("stateful")]
    public async Task The_applicable_server_scenarios_pass(string mode)
    {
        string[] arguments = mode == "stateful" ? ["--no-auth", "--stateful"] : ["--no-auth"];
        await using var server = await HttpServerProcess.StartAsync(directus.ServerEnvironment(), arguments);
        string[] scenarios = mode == "stateful" ? [.. Applicable, .. StatefulOnly] : Applicable;

        // A few at a time (each is its own Node process and MCP client); reported in the order listed.
        using var gate = new SemaphoreSlim(3);
        var runs = await Task.WhenAll(scenarios.Select(async scenario =>
        {
            await gate.WaitAsync();
            try
            {
                return await RunScenarioAsync(server.McpEndpoint, scenario);
            }
            finally
            {
                gate.Release();
            }
        }));

        var report = new StringBuilder($"MCP conformance 0.1.16, {mode}, {server.McpEndpoint}\n");
        runs.ToList().ForEach(run => report.Append(run.Report));
        var failed = scenarios.Where((_, i) => !runs[i].Passed).ToList();
        report.Append($"{scenarios.Length - failed.Count}/{scenarios.Length} scenarios passed; not run: {string.Join(", ", Excluded.Keys)}"
            + (mode == "stateless" ? ", " + string.Join(", ", StatefulOnly) + " (needs a session)" : ""));
        output.WriteLine(report.ToString());
        Assert.True(failed.Count == 0, $"failed: {string.Join(", ", failed)}\n{report}\nserver stderr:\n{server.StandardError}");
    }

    private static string Cli => Node22.Installed(RepoPaths.ConformanceDir, "@modelcontextprotocol/conformance/dist/index.js");

    /// <summary>One scenario: passed when it exited 0 with at least one check, every check SUCCESS (checks.json);
    /// the report has one line per check.</summary>
    private static async Task<(bool Passed, string Report)> RunScenarioAsync(Uri endpoint, string scenario)
    {
        var results = Directory.CreateTempSubdirectory("creatorprofiles-conformance-");
        try
        {
            var run = await Node22.RunAsync(Cli, ["server", "--url", endpoint.ToString(), "--scenario", scenario, "--output-dir", results.FullName], TimeSpan.FromMinutes(2));
            var file = results.EnumerateFiles("checks.json", SearchOption.AllDirectories).SingleOrDefault();
            var checks = file is null ? [] : JsonNode.Parse(await File.ReadAllTextAsync(file.FullName))!.AsArray().Select(c => c!.AsObject()).ToList();
            var passed = run.ExitCode == 0 && checks.Count > 0 && checks.All(c => (string?)c["status"] == "SUCCESS");

            var report = new StringBuilder($"{scenario}: {(passed ? "passed" : "FAILED")} (exit {run.ExitCode}, {checks.Count} checks)\n");
            foreach (var check in checks)
            {
                report.AppendLine($"  {check["status"],-8} {check["id"]}: {check["description"]}{(check["errorMessage"] is { } error ? " -- " + error : "")}");
            }

            if (!passed)
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
