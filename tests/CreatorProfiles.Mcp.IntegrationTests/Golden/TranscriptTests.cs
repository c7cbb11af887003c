using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Golden;

/// <summary>
/// Golden transcripts: every <c>Transcripts/&lt;tool&gt;/&lt;case&gt;.json</c> is replayed through the C# SDK client over
/// stdio (protocol 2025-11-25) against the real local Directus with its seeded data, and the normalized result must
/// equal the recorded one. <c>UPDATE_TRANSCRIPTS=true</c> records the results instead (then review `git diff`).
/// </summary>
[Collection(TranscriptsDirectusCollection.Name)]
public sealed class TranscriptTests(TranscriptsDirectus directus, ITestOutputHelper output)
{
    public static TheoryData<string> Cases => [.. TranscriptCase.Discover()];

    [Trait("Category", "AotSmoke")]
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Replaying_the_recorded_call_gives_the_recorded_response(string transcript)
    {
        var @case = TranscriptCase.Load(transcript);
        var names = await SeededNames.LoadAsync(directus);
        await using var session = await StdioSession.StartAsync(Environment(@case), ToolCatalog.ProtocolVersion);

        var volatileCursors = new List<string>();
        var arguments = await @case.ResolveArgumentsAsync(names, async other =>
        {
            var referenced = TranscriptCase.Load(other.EndsWith(".json", StringComparison.Ordinal) ? other : other + ".json");
            var previous = await session.Client.CallToolRawAsync(referenced.Tool, await referenced.ResolveArgumentsAsync(names, _ =>
                throw new InvalidDataException($"{transcript}: {other} needs a cursor itself; chains of next_cursor are not supported")));
            var cursor = (string?)previous["structuredContent"]?["next_cursor"]
                ?? throw new InvalidDataException($"{transcript}: {{{{next_cursor:{other}}}}} but that call returned no next_cursor: {GoldenJson.Compact(previous)}");
            volatileCursors.Add(cursor);
            return cursor;
        });

        var result = await session.Client.CallToolRawAsync(@case.Tool, arguments);
        AssertNoSecret(transcript, GoldenJson.Compact(result));
        var actual = new Normalizer(names, volatileCursors).NormalizeCallResult(result);

        if (GoldenJson.UpdateRequested(TranscriptCase.UpdateVariable))
        {
            @case.File["expected"] = actual;
            var written = GoldenJson.WriteIfChanged(@case.FullPath, GoldenJson.Write(@case.File));
            output.WriteLine($"{(written ? "recorded" : "unchanged")}: Transcripts/{transcript}");
            return;
        }

        var actualText = GoldenJson.Write(actual);
        if (@case.Expected is null)
        {
            Assert.Fail($"Transcripts/{transcript} has no \"expected\" yet. Record it with\n  {RegenerateCommand}\n"
                + $"then review what was written. The response was:\n{actualText}");
        }

        var expectedText = GoldenJson.Write(@case.Expected);
        if (expectedText != actualText)
        {
            Assert.Fail($"Transcripts/{transcript}: the response differs from the recorded one ({@case.Description})\n"
                + TextDiff.Unified(expectedText, actualText, $"Transcripts/{transcript}, \"expected\"", "the response now (normalized)")
                + $"If the change is intended, regenerate with\n  {RegenerateCommand}\nand review `git diff` before committing.");
        }
    }

    internal const string RegenerateCommand = "UPDATE_TRANSCRIPTS=true dotnet test tests/CreatorProfiles.Mcp.IntegrationTests --filter FullyQualifiedName~TranscriptTests";

    private Dictionary<string, string?> Environment(TranscriptCase @case)
    {
        var tokenVariable = @case.Caller == "admin" ? "DIRECTUS_TOKEN" : $"{@case.Caller.ToUpperInvariant()}_TOKEN";
        if (!directus.Stack.TryGetValue(tokenVariable, out var token))
        {
            throw new InvalidDataException($"Transcripts/{@case.RelativePath}: unknown caller '{@case.Caller}'. Known: admin, "
                + string.Join(", ", directus.Stack.Keys.Where(k => k.EndsWith("_TOKEN", StringComparison.Ordinal) && k != "DIRECTUS_TOKEN")
                    .Select(k => k[..^"_TOKEN".Length].ToLowerInvariant())));
        }

        var environment = directus.ServerEnvironment(token);
        foreach (var (key, value) in ToolCatalog.Environment.Where(p => p.Value is null))
        {
            environment[key] = value; // optional settings at their defaults, whatever the machine's environment says
        }

        return environment;
    }

    // A credential never reaches an agent: no seeded secret (they all contain SEEDCANARY), token or key in a result.
    private void AssertNoSecret(string transcript, string response)
    {
        var secrets = directus.Stack.Where(p => p.Key.EndsWith("_TOKEN", StringComparison.Ordinal) || p.Key.Contains("KEY", StringComparison.Ordinal))
            .Select(p => (p.Key, p.Value))
            .Append(("seeded credential", TranscriptFileTests.Canary));
        foreach (var (what, value) in secrets.Where(s => s.Item2.Length >= 8))
        {
            Assert.False(response.Contains(value, StringComparison.OrdinalIgnoreCase), $"Transcripts/{transcript}: the response contains a secret ({what})");
        }
    }
}

/// <summary>Checks of the golden files themselves; no server, no Directus.</summary>
public sealed class TranscriptFileTests
{
    public const string Canary = "SEEDCANARY";

    [Fact]
    public void No_golden_file_contains_a_credential()
    {
        var files = Directory.EnumerateFiles(TranscriptCase.Root, "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(ToolCatalogTests.SnapshotsRoot, "*", SearchOption.AllDirectories))
            .ToList();
        Assert.NotEmpty(files);
        var leaking = files.Where(f => File.ReadAllText(f).Contains(Canary, StringComparison.OrdinalIgnoreCase))
            .Select(f => Path.GetRelativePath(RepoPaths.IntegrationTestsDir, f)).ToList();
        Assert.True(leaking.Count == 0, $"credential values ({Canary}) in: {string.Join(", ", leaking)}");
    }

    [Fact]
    public void Every_case_file_is_well_formed()
    {
        var problems = new List<string>();
        foreach (var transcript in TranscriptCase.Discover())
        {
            try
            {
                var @case = TranscriptCase.Load(transcript);
                if (@case.Expected is null)
                {
                    problems.Add($"Transcripts/{transcript}: no \"expected\" yet (record it: {TranscriptTests.RegenerateCommand})");
                }
            }
            catch (InvalidDataException e)
            {
                problems.Add(e.Message);
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
