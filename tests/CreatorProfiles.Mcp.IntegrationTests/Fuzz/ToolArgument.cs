using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CreatorProfiles.Mcp.IntegrationTests.Fuzz;

/// <summary>One property of a tool's input schema as tools/list gives it: everything the generator reads.</summary>
internal sealed partial record ToolArgument(string Name, JsonObject Schema, bool Required)
{
    public static List<ToolArgument> AllOf(JsonObject inputSchema)
    {
        var required = (inputSchema["required"] as JsonArray ?? []).Select(r => (string)r!).ToHashSet(StringComparer.Ordinal);
        return (inputSchema["properties"] as JsonObject ?? [])
            .Select(p => new ToolArgument(p.Key, p.Value as JsonObject ?? [], required.Contains(p.Key)))
            .ToList();
    }

    /// <summary>The JSON type, the first that is not "null" when the schema lists several.</summary>
    public string? Type => Schema["type"] switch
    {
        JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
        var t => (string?)t,
    };

    public string? Format => (string?)Schema["format"];
    public string? Pattern => (string?)Schema["pattern"];
    public long? Minimum => (long?)Schema["minimum"]?.AsValue().GetValue<double>();
    public long? Maximum => (long?)Schema["maximum"]?.AsValue().GetValue<double>();
    public int? MaxLength => (int?)Schema["maxLength"];
    public JsonNode? Default => Schema["default"];
    public List<string> Enum => (Schema["enum"] as JsonArray ?? []).Select(v => (string?)v).OfType<string>().ToList();

    /// <summary>The value type of a map (an object whose every value has one schema, such as credentials).</summary>
    public string? MapValueType => (string?)Schema["additionalProperties"]?["type"];

    /// <summary>The examples a description gives ("e.g. onlyfans or fansly (any case)."): the only hint of valid
    /// values a free-text argument has in its schema.</summary>
    public List<string> Examples
    {
        get
        {
            var match = ExamplesRegex().Match((string?)Schema["description"] ?? "");
            return match.Success
                ? match.Groups[1].Value.Split([" or ", ", "], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList()
                : [];
        }
    }

    public bool Matches(string value) => Pattern is null || Regex.IsMatch(value, Pattern);

    [GeneratedRegex(@"e\.g\. ([a-z0-9_]+(?:(?:, | or )[a-z0-9_]+)*)")]
    private static partial Regex ExamplesRegex();
}
