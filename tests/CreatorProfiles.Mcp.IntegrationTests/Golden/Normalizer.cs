using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CreatorProfiles.Mcp.IntegrationTests.Golden;

/// <summary>
/// Replaces what changes from run to run in a tool result with stable placeholders, so a transcript compares equal
/// across runs and still proves which rows came back:
/// <list type="bullet">
/// <item>a uuid of a seeded row: its name, <c>&lt;profile:alice_sunrise&gt;</c>, <c>&lt;user:alice&gt;</c> (see <see cref="SeededNames"/>);</item>
/// <item>any other uuid: <c>&lt;uuid:1&gt;</c>, <c>&lt;uuid:2&gt;</c>, ... numbered by first appearance in the result
/// (the same uuid gets the same number everywhere in it);</item>
/// <item>an ISO-8601 date-time: <c>&lt;timestamp&gt;</c> (the demo data's times move to "now" at each `up`);</item>
/// <item>the value of any property whose name ends in "cursor", and that value wherever else it appears (the text
/// content), and any cursor the request got from another call: <c>&lt;cursor&gt;</c>.</item>
/// <item>the value of any property named "fence" (list_scraped_media's random per-reply delimiter for untrusted text),
/// and that value wherever else it appears: <c>&lt;fence&gt;</c>.</item>
/// </list>
/// Values inside longer strings (an error message quoting an id) are replaced too. One instance per call.
/// </summary>
internal sealed partial class Normalizer(SeededNames names, IEnumerable<string> volatileCursors)
{
    private readonly Dictionary<string, string> _unknownUuids = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _cursors = [.. volatileCursors];
    private readonly List<string> _fences = [];

    /// <summary>The recorded form of a tools/call result: isError (always present), structuredContent, content, then anything else.</summary>
    public JsonObject NormalizeCallResult(JsonObject result)
    {
        CollectCursors(result);
        foreach (var block in result["content"]?.AsArray() ?? [])
        {
            if ((string?)block?["type"] == "text" && TryParse((string?)block["text"]) is { } json)
            {
                CollectCursors(json);
            }
        }

        var recorded = new JsonObject { ["isError"] = (bool?)result["isError"] ?? false };
        if (result["structuredContent"] is { } structured)
        {
            recorded["structuredContent"] = Normalize(structured, "structuredContent");
        }

        if (result["content"] is JsonArray content)
        {
            var blocks = (JsonArray)Normalize(content, "content")!;
            for (var i = 0; i < content.Count; i++)
            {
                if ((string?)content[i]?["type"] == "text" && IsCompactJsonOf((string?)content[i]?["text"], result["structuredContent"]))
                {
                    blocks[i]!["text"] = StructuredContentAsText;
                }
            }

            recorded["content"] = blocks;
        }

        foreach (var (key, value) in result.Where(p => p.Key is not ("isError" or "structuredContent" or "content")))
        {
            recorded[key] = Normalize(value, key);
        }

        return recorded;
    }

    /// <summary>Recorded instead of a text block that is exactly the structured content as compact JSON (docs/tools.md:
    /// "the text content carries the same JSON"), so a transcript does not hold every result twice.</summary>
    public const string StructuredContentAsText = "<structuredContent as compact JSON>";

    public JsonNode? Normalize(JsonNode? node, string? propertyName = null) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Normalize(p.Value, p.Key)))),
        JsonArray array => new JsonArray(array.Select(item => Normalize(item)).ToArray()),
        JsonValue value when value.TryGetValue(out string? text) =>
            IsCursorProperty(propertyName) ? JsonValue.Create("<cursor>")
            : propertyName == "fence" ? JsonValue.Create("<fence>")
            : JsonValue.Create(NormalizeString(text)),
        null => null,
        _ => node.DeepClone(),
    };

    public string NormalizeString(string text)
    {
        foreach (var cursor in _cursors.Where(c => c.Length > 0).OrderByDescending(c => c.Length))
        {
            text = text.Replace(cursor, "<cursor>", StringComparison.Ordinal);
        }

        foreach (var fence in _fences.Where(f => f.Length > 0))
        {
            text = text.Replace(fence, "<fence>", StringComparison.Ordinal);
        }

        text = Uuid().Replace(text, m => names.NameOf(m.Value) is { } name ? $"<{name}>" : UnknownUuid(m.Value));
        return Timestamp().Replace(text, "<timestamp>");
    }

    private string UnknownUuid(string uuid)
    {
        if (!_unknownUuids.TryGetValue(uuid, out var placeholder))
        {
            placeholder = $"<uuid:{_unknownUuids.Count + 1}>";
            _unknownUuids[uuid] = placeholder;
        }

        return placeholder;
    }

    private void CollectCursors(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (IsCursorProperty(key) && value is JsonValue v && v.TryGetValue(out string? cursor))
                    {
                        _cursors.Add(cursor);
                    }

                    if (key == "fence" && value is JsonValue f && f.TryGetValue(out string? fence))
                    {
                        _fences.Add(fence);
                    }

                    CollectCursors(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    CollectCursors(item);
                }

                break;
        }
    }

    // Same JSON, and written compactly (with either of System.Text.Json's usual escapings): nothing hides in the text.
    private static bool IsCompactJsonOf(string? text, JsonNode? structured)
    {
        if (structured is null || TryParse(text) is not { } parsed || !JsonNode.DeepEquals(parsed, structured))
        {
            return false;
        }

        return text == parsed.ToJsonString() || text == GoldenJson.Compact(parsed);
    }

    private static bool IsCursorProperty(string? name) => name is not null && name.EndsWith("cursor", StringComparison.OrdinalIgnoreCase);

    private static JsonNode? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.TrimStart()[0] is not ('{' or '['))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")]
    private static partial Regex Timestamp();
}
