using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain.Validation;
using ModelContextProtocol.Protocol;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// Rewrites the schemas the SDK generates so they say what our tools really take, in fewer bytes (tools/list is
/// context every agent pays for on every conversation; the whole catalogue must stay under 12 KB, docs/performance.md,
/// checked by ToolCatalogTests):
/// - a nullable input becomes optional instead of "type": [T, "null"] with "default": null;
/// - the UUID pattern of inputs becomes "format": "uuid" (the domain's ArgumentRules still validate);
/// - output schemas keep only the names of the result's top-level fields, each {} (any value): no types, formats,
///   nested shapes, descriptions or "required". Models choose and call tools from the description and the input
///   schema (most clients do not even show them output schemas); the output schema tells a client that results carry
///   structured content and which fields it has, and the text content carries the same JSON, so typing every field
///   (about 1.4 KB for the catalogue, and 0.8 KB more for "required") bought nothing a caller needs;
/// - a read-only tool's annotations drop destructiveHint and idempotentHint, which mean nothing beside
///   readOnlyHint: true;
/// - an output schema whose result has an <c>untrusted</c> object anywhere also names <c>untrusted_content</c>, the
///   marker <see cref="UntrustedResults"/> adds to every reply of that tool.
/// </summary>
internal static class ToolSchemaShaper
{
    /// <summary>The SDK's entry for a tool, shaped: what its snapshot says (<see cref="ToolSnapshots"/>).</summary>
    public static Tool Shape(Tool tool)
    {
        tool.InputSchema = ShapeInput(tool.InputSchema);
        if (tool.OutputSchema is { } output)
        {
            tool.OutputSchema = ShapeOutput(output);
        }

        if (tool.Annotations is { } annotations)
        {
            annotations.Title = null; // the tool's own title says it already
            if (annotations.ReadOnlyHint == true)
            {
                // The spec gives these meaning only when readOnlyHint is false; a read-only tool pays 45 bytes for them.
                annotations.DestructiveHint = null;
                annotations.IdempotentHint = null;
            }
        }

        return tool;
    }

    public static JsonElement ShapeInput(JsonElement schema) => Shape(schema, output: false);

    public static JsonElement ShapeOutput(JsonElement schema) => Shape(schema, output: true);

    private static JsonElement Shape(JsonElement schema, bool output)
    {
        var node = JsonNode.Parse(schema.GetRawText())!;
        ShapeNode(node);
        if (output && node is JsonObject top)
        {
            // Only the names of the top-level fields: each says {} (any value). Types, formats, nested shapes and
            // "required" are dropped (results leave nulls out, so most fields are optional anyway).
            top.Remove("required");
            top.Remove("description");
            if (top["properties"] is JsonObject properties)
            {
                var untrusted = HasUntrustedObject(top);
                foreach (var name in properties.Select(p => p.Key).ToList())
                {
                    properties[name] = new JsonObject();
                }

                if (untrusted)
                {
                    properties[UntrustedResults.NoticeField] = new JsonObject(); // the marker UntrustedResults adds
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

    /// <summary>True when any nested schema has a property named <see cref="UntrustedResults.Marker"/>.</summary>
    private static bool HasUntrustedObject(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Any(p => (p.Key == "properties" && p.Value is JsonObject props && props.ContainsKey(UntrustedResults.Marker))
            || HasUntrustedObject(p.Value)),
        JsonArray array => array.Any(HasUntrustedObject),
        _ => false,
    };

    private static bool AllowsNull(JsonObject schema) =>
        schema["type"] is JsonArray types && types.Any(t => (string?)t == "null");
}
