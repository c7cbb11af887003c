using System.Diagnostics;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Fuzz;

/// <summary>
/// Schema-driven fuzzing of every tool that tools/list names: generated valid, boundary and hostile argument objects
/// (<see cref="ArgumentGenerator"/>), sent over stdio to a real server process against a real Directus of its own,
/// as an ordinary user and as admin. Every answer must be a result or a refusal that names an argument or what to do
/// (never a generic error, never a JSON-RPC error for a known tool); no refused call of a tool that may write (checked
/// call by call) and no call of a read-only tool (checked once per tool) may change any row of any collection; the
/// servers must stay up with bounded memory. Seeded (FUZZ_SEED) and sized (FUZZ_CASES_PER_TOOL) from the environment;
/// every failure names the seed, the caller, the tool, the case and its
/// arguments. Cases holding a lone surrogate, which the C# SDK client cannot write, go through a raw JSON-RPC lane.
/// </summary>
[Collection(FuzzDirectusCollection.Name)]
public sealed class SchemaFuzzTests(FuzzDirectus directus, ITestOutputHelper output)
{
    private const string MarkerVariable = "FUZZ_SERVER_MARKER";

    /// <summary>The servers run with a 256 MiB GC heap limit: without one the GC lets the heap grow with the 1 MiB
    /// strings (about 540 MiB resident after 1,600 calls) and a number that grows proves nothing; with it, a leak ends
    /// in an out-of-memory failure within a long run, and resident memory has a bound to assert.</summary>
    private const string HeapLimitVariable = "DOTNET_GCHeapHardLimit";
    private const string HeapLimit = "0x10000000";

    /// <summary>Generous: the heap limit plus the runtime, the JIT's code and the stacks.</summary>
    private const long MaxGrowthKiB = 384 * 1024;
    private const long MaxPeakKiB = 512 * 1024;

    private const int MaxFailuresShown = 15;

    [Trait("Category", "Fuzz")]
    [Theory]
    [InlineData("bob")]
    [InlineData("admin")]
    public async Task Every_tool_answers_generated_arguments_with_a_result_or_a_named_refusal_and_refusals_write_nothing(string caller)
    {
        var settings = FuzzSettings.FromEnvironment();
        var clock = Stopwatch.StartNew();
        var environment = directus.ServerEnvironment(caller == "admin" ? null : directus.Stack[$"{caller.ToUpperInvariant()}_TOKEN"]);
        environment[HeapLimitVariable] = Environment.GetEnvironmentVariable(HeapLimitVariable) ?? HeapLimit;
        var marker = Guid.NewGuid().ToString("N");
        await using var session = await StdioSession.StartAsync(new Dictionary<string, string?>(environment) { [MarkerVariable] = marker + "-sdk" }, "2025-11-25");
        await using var raw = await RawStdioServer.StartAsync(new Dictionary<string, string?>(environment) { [MarkerVariable] = marker + "-raw" });
        var sdkPid = ProcessStatus.FindByEnvironment(MarkerVariable, marker + "-sdk") ?? throw new InvalidOperationException("the SDK lane's server process was not found in /proc");
        var lanes = new Lanes(session, raw, sdkPid);

        var tools = (await session.Client.ListToolsAsync()).Select(t => t.ProtocolTool).ToList();
        Assert.NotEmpty(tools); // no tools would fuzz nothing and pass
        var toolNames = tools.Select(t => t.Name).ToList();
        var checksum = await RowsChecksum.ForAllCollectionsAsync(directus.Rest);
        var generator = new ArgumentGenerator(await RealIdsAsync(checksum.Collections));
        var memoryBefore = lanes.Memory();
        var failures = new List<string>();
        var tally = new Dictionary<string, Tally>(StringComparer.Ordinal);
        var rows = await checksum.TakeAsync();

        foreach (var tool in tools)
        {
            var schema = JsonNode.Parse(tool.InputSchema.GetRawText())!.AsObject();
            var argumentNames = ToolArgument.AllOf(schema).Select(a => a.Name).ToList();
            var readOnly = tool.Annotations?.ReadOnlyHint == true;
            var counts = tally[tool.Name] = new Tally();
            string? cursor = null;
            for (var caseNumber = 0; caseNumber < settings.CasesPerTool && failures.Count < MaxFailuresShown; caseNumber++)
            {
                var fuzzCase = generator.Next(settings.RandomFor(caller, tool.Name, caseNumber), schema, cursor);
                string Where() => $"FUZZ_SEED={settings.Seed} caller={caller} tool={tool.Name} case={caseNumber} ({fuzzCase.Kind}) arguments={RawJson.Shown(fuzzCase.Arguments)}";

                FuzzAnswer answer;
                try
                {
                    answer = await lanes.CallAsync(tool.Name, fuzzCase.Arguments, counts);
                }
                catch (Exception e)
                {
                    failures.Add($"{Where()}: the call failed ({e.GetType().Name}: {e.Message}); server alive: {lanes.Alive}");
                    break;
                }

                if (answer.Problem(argumentNames, toolNames) is { } problem)
                {
                    failures.Add($"{Where()}: {problem}");
                }

                // A tool that may write is checked after each call: only its refusals must leave every row as it was.
                if (!readOnly)
                {
                    var after = await checksum.TakeAsync();
                    if (answer.IsError && checksum.Changed(rows, after) is { Count: > 0 } changed)
                    {
                        failures.Add($"{Where()}: a refused call changed rows of {string.Join(", ", changed)}: {answer.Text}");
                    }

                    rows = after;
                }

                counts.Count(answer);
                cursor = answer.NextCursor ?? cursor;
            }

            // A read-only tool may change nothing, whatever it answers: one check after all its cases keeps the run short.
            if (readOnly)
            {
                var after = await checksum.TakeAsync();
                if (checksum.Changed(rows, after) is { Count: > 0 } changed)
                {
                    failures.Add($"FUZZ_SEED={settings.Seed} caller={caller} tool={tool.Name}: the read-only tool changed rows of {string.Join(", ", changed)} during its {counts.Calls} calls");
                }

                rows = after;
            }
        }

        await lanes.PingBothAsync();
        var memoryAfter = lanes.Memory();
        Report(settings, caller, tally, memoryBefore, memoryAfter, clock.Elapsed);
        Assert.True(failures.Count == 0, $"{failures.Count} fuzz failure(s) (first {MaxFailuresShown} shown; rerun with {FuzzSettings.SeedVariable}={settings.Seed}):\n" + string.Join("\n", failures));
        foreach (var (lane, before, after) in memoryBefore.Zip(memoryAfter, (b, a) => (b.Lane, b, a)))
        {
            Assert.True(after.RssKiB - before.RssKiB <= MaxGrowthKiB, $"{lane} server: resident memory grew from {before.RssKiB / 1024} to {after.RssKiB / 1024} MiB (seed {settings.Seed})");
            Assert.True(after.PeakKiB <= MaxPeakKiB, $"{lane} server: peak resident memory {after.PeakKiB / 1024} MiB (seed {settings.Seed})");
        }
    }

    /// <summary>Ids of every row of every collection and of the demo users: valid for some tools and callers, another
    /// tenant's for others, the wrong kind of id for the rest.</summary>
    private async Task<List<string>> RealIdsAsync(IEnumerable<string> collections)
    {
        var ids = new List<string>();
        foreach (var collection in collections)
        {
            ids.AddRange((await directus.Rest.ItemsAsync(collection, fields: "id")).Select(r => r!["id"]?.ToString() ?? "").Where(id => Guid.TryParse(id, out _)));
        }

        ids.AddRange(directus.Stack.Where(p => p.Key.EndsWith("_USER_ID", StringComparison.Ordinal)).Select(p => p.Value));
        return ids.Order(StringComparer.Ordinal).ToList(); // a stable order: the same seed picks the same ids
    }

    private void Report(FuzzSettings settings, string caller, Dictionary<string, Tally> tally, IReadOnlyList<LaneMemory> before, IReadOnlyList<LaneMemory> after, TimeSpan elapsed)
    {
        output.WriteLine($"fuzz: caller {caller}, {FuzzSettings.SeedVariable}={settings.Seed}, {FuzzSettings.CasesVariable}={settings.CasesPerTool}, " +
            $"{tally.Values.Sum(t => t.Calls)} calls in {elapsed.TotalSeconds:F1} s");
        foreach (var (tool, t) in tally)
        {
            output.WriteLine($"  {tool,-26} {t.Calls,5} calls: {t.Results,4} results, {t.Refusals,4} refusals ({t.RawLane} over the raw lane)");
        }

        foreach (var (b, a) in before.Zip(after))
        {
            output.WriteLine($"  {b.Lane} server: VmRSS {b.RssKiB / 1024} MiB before, {a.RssKiB / 1024} MiB after, VmHWM (peak) {a.PeakKiB / 1024} MiB");
        }
    }
}
