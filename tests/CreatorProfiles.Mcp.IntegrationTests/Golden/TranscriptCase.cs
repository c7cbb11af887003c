using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Golden;

/// <summary>
/// One recorded tool call: <c>Transcripts/&lt;tool&gt;/&lt;case&gt;.json</c>. The file is the whole format:
/// <code>
/// {
///   "description": "what the case shows (required: it is what a reviewer reads first)",
///   "caller": "admin",                       // optional: whose Directus token the server acts with (admin, alice, bob, worker)
///   "request": { "tool": "&lt;tool&gt;", "arguments": { ... } },   // tool = the folder name
///   "expected": { "isError": ..., "structuredContent": ..., "content": [...] }   // written by UPDATE_TRANSCRIPTS=true
/// }
/// </code>
/// String arguments may hold placeholders: <c>{{profile:alice_sunrise}}</c>, <c>{{user:alice}}</c> and the other names
/// of <see cref="SeededNames"/> (the row's id), and <c>{{next_cursor:&lt;tool&gt;/&lt;case&gt;}}</c> (the next_cursor that
/// other case's request returns, called first in the same session).
/// </summary>
internal sealed partial record TranscriptCase(string RelativePath, string Description, string Caller, string Tool, JsonObject Arguments, JsonObject? Expected, JsonObject File)
{
    public const string UpdateVariable = "UPDATE_TRANSCRIPTS";

    public static string Root => Path.Combine(RepoPaths.IntegrationTestsDir, "Transcripts");

    public string FullPath => Path.Combine(Root, RelativePath);

    /// <summary>"&lt;tool&gt;/&lt;case&gt;.json" of every case file, in ordinal order.</summary>
    public static IEnumerable<string> Discover() => Directory.Exists(Root)
        ? Directory.EnumerateFiles(Root, "*.json", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
        : [];

    public static TranscriptCase Load(string relativePath)
    {
        var parts = relativePath.Split('/');
        if (parts.Length != 2)
        {
            throw Invalid(relativePath, "case files live at Transcripts/<tool>/<case>.json");
        }

        if (GoldenJson.Read(Path.Combine(Root, relativePath)) is not JsonObject file)
        {
            throw Invalid(relativePath, "the file must hold a JSON object");
        }

        var unknown = file.Select(p => p.Key).Except(["description", "caller", "request", "expected"]).ToList();
        if (unknown.Count > 0)
        {
            throw Invalid(relativePath, $"unknown properties {string.Join(", ", unknown)}; allowed: description, caller, request, expected");
        }

        var description = (string?)file["description"];
        if (string.IsNullOrWhiteSpace(description))
        {
            throw Invalid(relativePath, "\"description\" is required: one sentence saying what the case shows");
        }

        if (file["request"] is not JsonObject request || request.Select(p => p.Key).Except(["tool", "arguments"]).Any())
        {
            throw Invalid(relativePath, "\"request\" must be {\"tool\": \"...\", \"arguments\": {...}}");
        }

        var tool = (string?)request["tool"];
        if (tool != parts[0])
        {
            throw Invalid(relativePath, $"request.tool is '{tool}' but the folder is '{parts[0]}': a case lives in its tool's folder");
        }

        if (request["arguments"] is not (null or JsonObject))
        {
            throw Invalid(relativePath, "request.arguments must be an object");
        }

        if (file["expected"] is not (null or JsonObject))
        {
            throw Invalid(relativePath, "\"expected\" must be an object (or absent until the first UPDATE_TRANSCRIPTS=true run)");
        }

        return new TranscriptCase(relativePath, description, (string?)file["caller"] ?? "admin", tool,
            request["arguments"]?.AsObject() ?? [], file["expected"]?.AsObject(), file);
    }

    /// <summary>The arguments with every placeholder replaced; <paramref name="nextCursorOf"/> runs another case.</summary>
    public async Task<JsonObject> ResolveArgumentsAsync(SeededNames names, Func<string, Task<string>> nextCursorOf) =>
        (JsonObject)(await ResolveAsync(Arguments, names, nextCursorOf))!;

    private static async Task<JsonNode?> ResolveAsync(JsonNode? node, SeededNames names, Func<string, Task<string>> nextCursorOf)
    {
        switch (node)
        {
            case JsonObject obj:
                var resolved = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    resolved[key] = await ResolveAsync(value, names, nextCursorOf);
                }

                return resolved;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(await ResolveAsync(item, names, nextCursorOf));
                }

                return items;
            case JsonValue value when value.TryGetValue(out string? text):
                var output = text;
                foreach (Match m in Placeholder().Matches(text))
                {
                    var (kind, name) = (m.Groups[1].Value, m.Groups[2].Value);
                    var replacement = kind == "next_cursor" ? await nextCursorOf(name) : names.IdOf($"{kind}:{name}");
                    output = output.Replace(m.Value, replacement, StringComparison.Ordinal);
                }

                return JsonValue.Create(output);
            default:
                return node?.DeepClone();
        }
    }

    private static InvalidDataException Invalid(string relativePath, string problem) =>
        new($"Transcripts/{relativePath}: {problem}. (Format: tests/CreatorProfiles.Mcp.IntegrationTests/README.md)");

    [GeneratedRegex(@"\{\{([a-z_]+):([^{}]+)\}\}")]
    private static partial Regex Placeholder();
}
