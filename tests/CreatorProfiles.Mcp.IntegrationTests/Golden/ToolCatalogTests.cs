using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using CreatorProfiles.Mcp.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Golden;

/// <summary>
/// The tool catalogue as clients see it (tools/list over stdio, no Directus needed): each tool's entry is a reviewed
/// snapshot in <c>src/CreatorProfiles.Mcp.Tools/Catalog/ToolSnapshots/&lt;tool&gt;.json</c> that the server serves as it is, every tool declares what clients need to decide about approval,
/// and the catalogue's size is recorded.
/// </summary>
public sealed partial class ToolCatalogTests(ToolCatalog catalog, ITestOutputHelper output) : IClassFixture<ToolCatalog>
{
    public const string UpdateVariable = "UPDATE_TOOLSNAPS";

    /// <summary>Source files of the server (embedded in it and listed as they are), reviewed here.</summary>
    public static string SnapshotsRoot => Path.Combine(RepoPaths.Root, "src", "CreatorProfiles.Mcp.Tools", "Catalog", "ToolSnapshots");

    private const string RegenerateCommand = "UPDATE_TOOLSNAPS=true dotnet test tests/CreatorProfiles.Mcp.IntegrationTests --filter FullyQualifiedName~ToolCatalogTests";

    private static readonly string[] Hints = ["readOnlyHint", "openWorldHint"];

    /// <summary>Meaningful only beside readOnlyHint: false (the spec); a read-only tool leaves them out.</summary>
    private static readonly string[] WriteHints = ["destructiveHint", "idempotentHint"];

    /// <summary>The files are what the server lists (it reads them instead of generating schemas at start-up, see
    /// ToolSnapshots.cs), so this is the check that they say what the code says: each is compared with the SDK's own
    /// entry for the tool's method, shaped as the server shapes it. UPDATE_TOOLSNAPS=true rewrites them from it.</summary>
    [Fact]
    public void Every_snapshot_is_what_the_SDK_generates_from_the_tool_methods()
    {
        var generated = ToolSnapshots.GenerateFromMethods()
            .Select(t => JsonSerializer.SerializeToNode(t, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Tool)))!.AsObject())
            .ToList();
        Assert.NotEmpty(generated);
        var actual = Texts(generated);
        if (GoldenJson.UpdateRequested(UpdateVariable))
        {
            foreach (var (name, text) in actual)
            {
                var written = GoldenJson.WriteIfChanged(Path.Combine(SnapshotsRoot, name + ".json"), text);
                output.WriteLine($"{(written ? "written" : "unchanged")}: ToolSnapshots/{name}.json");
            }

            foreach (var (name, path) in SnapshotFiles().Where(f => !actual.ContainsKey(f.Key)))
            {
                File.Delete(path);
                output.WriteLine($"deleted (no such tool): ToolSnapshots/{name}.json");
            }

            return;
        }

        AssertMatchesSnapshots(actual, "as the SDK generates it from the method now",
            "The tool catalogue changed; a change of what models see must be reviewed.\n",
            $"If the changes are intended, regenerate with\n  {RegenerateCommand}\nand review `git diff` before committing.");
    }

    /// <summary>The server (the Native AOT binary too) lists exactly the snapshots, every tool of them.</summary>
    [Trait("Category", "Fast")]
    [Trait("Category", "AotSmoke")]
    [Fact]
    public void The_server_lists_every_tool_exactly_as_its_snapshot_says()
    {
        Assert.NotEmpty(catalog.Tools);
        var duplicates = catalog.Names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"tools listed twice: {string.Join(", ", duplicates)}");
        AssertMatchesSnapshots(Texts(catalog.Tools), "as the server lists it", "tools/list differs from the snapshots the server reads.\n", "");
    }

    private static Dictionary<string, string> Texts(IEnumerable<JsonObject> tools)
    {
        var list = tools.ToList();
        var badNames = list.Select(t => (string)t["name"]!).Where(n => !SafeName().IsMatch(n)).ToList();
        Assert.True(badNames.Count == 0, $"tool names that cannot be file names: {string.Join(", ", badNames)}");
        return list.ToDictionary(t => (string)t["name"]!, t => GoldenJson.Write(Stable(t)));
    }

    private static Dictionary<string, string> SnapshotFiles() =>
        Directory.EnumerateFiles(SnapshotsRoot, "*.json").ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => f);

    private static void AssertMatchesSnapshots(Dictionary<string, string> actual, string source, string heading, string advice)
    {
        var files = SnapshotFiles();
        var problems = new StringBuilder();
        foreach (var (name, text) in actual.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!files.TryGetValue(name, out var path))
            {
                problems.Append("* ").Append(name).AppendLine(": no snapshot file ToolSnapshots/" + name + ".json. Its tools/list entry is:").AppendLine(text);
                continue;
            }

            var stored = GoldenJson.ReadText(path);
            if (stored != text)
            {
                problems.Append("* ").Append(name).AppendLine(": its tools/list entry differs from ToolSnapshots/" + name + ".json:")
                    .AppendLine(TextDiff.Unified(stored, text, $"ToolSnapshots/{name}.json (reviewed)", $"{name} {source}"));
            }
        }

        foreach (var name in files.Keys.Where(f => !actual.ContainsKey(f)).Order(StringComparer.Ordinal))
        {
            problems.Append("* ToolSnapshots/").Append(name).AppendLine(".json: no tool of that name (removed or renamed?)");
        }

        Assert.True(problems.Length == 0, heading + problems + advice);
    }

    [Fact]
    public void Every_tool_declares_all_four_annotations_a_title_a_description_and_both_schemas()
    {
        var problems = catalog.Tools.SelectMany(DeclarationProblems).ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    /// <summary>What a tools/list entry lacks: readOnlyHint and openWorldHint set to true or false, and for a tool that
    /// writes destructiveHint and idempotentHint too (a read-only one leaves them out), a title, a description,
    /// an input and an output schema (both object schemas). An app-only tool (MCP Apps, <c>_meta.ui.visibility</c>
    /// ["app"]) needs no output schema: no model sees it, and only our own dashboard reads its result.</summary>
    internal static IEnumerable<string> DeclarationProblems(JsonObject tool)
    {
        var name = (string?)tool["name"];
        var annotations = tool["annotations"] as JsonObject;
        var readOnly = (bool?)(annotations?["readOnlyHint"] as JsonValue) == true;
        foreach (var hint in readOnly ? Hints : [.. Hints, .. WriteHints])
        {
            if (annotations?[hint] is not JsonValue value || value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                yield return $"{name}: annotations.{hint} is not set to true or false";
            }
        }

        foreach (var hint in readOnly ? WriteHints : [])
        {
            if (annotations?[hint] is not null)
            {
                yield return $"{name}: annotations.{hint} is set on a read-only tool, where it means nothing";
            }
        }

        foreach (var text in (string[])["title", "description"])
        {
            if (tool[text] is not JsonValue value || value.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace((string?)value))
            {
                yield return $"{name}: no {text}";
            }
        }

        var appOnly = tool["_meta"]?["ui"]?["visibility"] is JsonArray visibility && !visibility.Any(v => (string?)v == "model");
        foreach (var schema in appOnly ? ["inputSchema"] : (string[])["inputSchema", "outputSchema"])
        {
            if (tool[schema] is not JsonObject s || (string?)s["type"] != "object")
            {
                yield return $"{name}: no {schema} (an object schema)";
            }
        }
    }

    /// <summary>docs/performance.md: the whole tools/list result under 12 KB (Directus's built-in MCP: about 111 KB),
    /// for a client without MCP Apps and for the part a host with MCP Apps shows its model.</summary>
    public const int MaxToolsListBytes = 12 * 1024;

    [Fact]
    public void The_tools_list_result_stays_under_12_KB_and_its_size_is_printed()
    {
        Assert.NotEmpty(catalog.Tools);
        var modelVisible = ModelVisibleBytesWithApps();
        var report = new StringBuilder()
            .AppendLine($"tools/list without MCP Apps: {catalog.PlainTools.Count} tool(s), {catalog.PlainResultBytes} bytes "
                + $"({catalog.PlainResultBytes / 1024.0:F1} KiB) as the server sent it; limit {MaxToolsListBytes} bytes")
            .AppendLine($"tools/list with MCP Apps: {catalog.Tools.Count} tool(s) in {catalog.Pages} page(s), {catalog.ResultBytes} bytes, "
                + $"{modelVisible} bytes without the app-only tools (what the model sees); limit {MaxToolsListBytes} bytes");
        foreach (var (name, bytes) in catalog.ToolBytes.OrderByDescending(t => t.Value))
        {
            report.AppendLine($"  {bytes,6} bytes  {name}");
        }

        output.WriteLine(report.ToString());
        Assert.True(catalog.PlainResultBytes < MaxToolsListBytes && modelVisible < MaxToolsListBytes,
            $"tools/list is over the {MaxToolsListBytes}-byte budget (docs/performance.md). "
            + "Tighten descriptions (short, model-facing, nothing the schema says already) or the schema shaping.\n" + report);
    }

    [Fact]
    public void Every_tool_has_recorded_transcripts_and_every_transcript_folder_names_a_tool()
    {
        var folders = Directory.Exists(TranscriptCase.Root)
            ? Directory.EnumerateDirectories(TranscriptCase.Root).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal)
            : [];
        var withCases = folders.Where(f => Directory.EnumerateFiles(Path.Combine(TranscriptCase.Root, f!), "*.json").Any()).ToHashSet();
        var problems = catalog.Names.Where(n => !withCases.Contains(n))
            .Select(n => $"{n}: no case in Transcripts/{n}/ (add <case>.json files there, see the README)")
            .Concat(folders.Where(f => !catalog.Names.Contains(f)).Select(f => $"Transcripts/{f}/: the server lists no tool of that name"))
            .ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    /// <summary>A tool entry in a stable form: the well-known keys first in reading order, then the others; every
    /// nested object's properties sorted, so that a reordering by the SDK is not a change.</summary>
    internal static JsonObject Stable(JsonObject tool)
    {
        string[] first = ["name", "title", "description", "annotations", "inputSchema", "outputSchema"];
        var sorted = GoldenJson.SortKeys(tool)!.AsObject();
        var keys = first.Where(sorted.ContainsKey).Concat(sorted.Select(p => p.Key).Except(first)).ToList();
        return new JsonObject(keys.Select(k => KeyValuePair.Create(k, sorted[k]?.DeepClone())));
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,128}$")]
    private static partial Regex SafeName();
}
