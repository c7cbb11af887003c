using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain.Validation;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// Rewrites the schemas the SDK generates so they say what our results really do, in fewer bytes (tools/list is
/// context every agent pays for on every conversation; the goal is under 12 KB for the whole catalogue):
/// - a nullable property becomes optional instead of "type": [T, "null"] with "default": null, and an output
///   property that may be null is not "required", because results leave nulls out;
/// - the UUID pattern of inputs becomes "format": "uuid" (the domain's ArgumentRules still validate);
/// - output schemas are kept to their top level: nested objects and arrays say only their type (the description
///   names their fields), and date-time formats are dropped.
/// </summary>
internal static class ToolSchemaShaper
{
    public static JsonElement ShapeInput(JsonElement schema) => Shape(schema, output: false);

    public static JsonElement ShapeOutput(JsonElement schema) => Shape(schema, output: true);

    private static JsonElement Shape(JsonElement schema, bool output)
    {
        var node = JsonNode.Parse(schema.GetRawText())!;
        ShapeNode(node);
        if (output && node["properties"] is JsonObject properties)
        {
            foreach (var (_, property) in properties)
            {
                if (property is JsonObject p)
                {
                    p.Remove("format");
                    if ((string?)p["type"] is "object" or "array")
                    {
                        p.Remove("properties");
                        p.Remove("items");
                        p.Remove("required");
                    }
                }
            }
        }

        return JsonSerializer.SerializeToElement(node, ToolsJsonContext.Default.JsonNode);
    }

    private static void ShapeNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                ShapeObject(obj);
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    ShapeNode(item);
                }

                break;
        }
    }

    private static void ShapeObject(JsonObject schema)
    {
        if (schema["properties"] is JsonObject properties)
        {
            var nullable = properties.Where(p => p.Value is JsonObject s && AllowsNull(s)).Select(p => p.Key).ToHashSet();
            if (schema["required"] is JsonArray required)
            {
                var kept = required.Select(r => (string?)r).Where(r => r is not null && !nullable.Contains(r)).Select(r => (JsonNode?)r).ToArray();
                if (kept.Length == 0)
                {
                    schema.Remove("required");
                }
                else
                {
                    schema["required"] = new JsonArray(kept);
                }
            }
        }

        if (AllowsNull(schema) && schema["type"] is JsonArray types)
        {
            var others = types.Select(t => (string?)t).Where(t => t != "null").ToList();
            schema["type"] = others.Count == 1 ? others[0] : new JsonArray(others.Select(t => (JsonNode?)t).ToArray());
        }

        if (schema.TryGetPropertyValue("default", out var defaultValue) && defaultValue is null)
        {
            schema.Remove("default");
        }

        if ((string?)schema["pattern"] == ArgumentRules.UuidPattern)
        {
            schema.Remove("pattern");
            schema["format"] = "uuid";
        }

        foreach (var (_, child) in schema.ToList())
        {
            ShapeNode(child);
        }
    }

    private static bool AllowsNull(JsonObject schema) =>
        schema["type"] is JsonArray types && types.Any(t => (string?)t == "null");
}
