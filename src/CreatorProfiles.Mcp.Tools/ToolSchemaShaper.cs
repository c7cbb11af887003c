using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// Rewrites the schemas the SDK generates so they say what our results really do, in fewer bytes (tools/list is
/// context every agent pays for): a nullable property becomes optional instead of "type": [T, "null"] with
/// "default": null, and an output property that may be null is not "required", because results leave nulls out.
/// </summary>
internal static class ToolSchemaShaper
{
    public static JsonElement Shape(JsonElement schema)
    {
        var node = JsonNode.Parse(schema.GetRawText())!;
        ShapeNode(node);
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

        foreach (var (_, child) in schema.ToList())
        {
            ShapeNode(child);
        }
    }

    private static bool AllowsNull(JsonObject schema) =>
        schema["type"] is JsonArray types && types.Any(t => (string?)t == "null");
}
