using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CreatorProfiles.Mcp.IntegrationTests.Credentials;

/// <summary>The call plan: which tools to call and the arguments derived from each tool's input schema.</summary>
public sealed partial class CanaryTests
{
    private IEnumerable<string> ProfileIds => _profiles.Concat(_legacy);

    /// <summary>Each tool with the arguments to call it with: for a tool that takes a profile id, once per canary
    /// profile with every argument and once with only the required ones; otherwise once each way. Read-only tools
    /// come first, so they see the legacy values before a write replaces them.</summary>
    private List<(string Tool, JsonObject Arguments)> Plan(IReadOnlyList<JsonObject> tools)
    {
        var plan = new List<(string, JsonObject)>();
        foreach (var tool in tools.OrderBy(t => (bool?)t["annotations"]?["readOnlyHint"] == true ? 0 : 1))
        {
            var name = (string)tool["name"]!;
            var schema = tool["inputSchema"] as JsonObject ?? [];
            var properties = schema["properties"] as JsonObject ?? [];
            if (properties.Any(p => IsProfileId(p.Key)))
            {
                plan.AddRange(ProfileIds.Select(id => (name, Arguments(schema, id, everything: true))));
                plan.Add((name, Arguments(schema, _profiles[0], everything: false)));
            }
            else
            {
                plan.Add((name, Arguments(schema, _profiles[0], everything: false)));
                plan.Add((name, Arguments(schema, _profiles[0], everything: true)));
            }
        }

        return plan;
    }

    private static bool IsProfileId(string name) => name is "id" or "profile_id";

    private JsonObject Arguments(JsonObject schema, string profileId, bool everything)
    {
        var required = (schema["required"] as JsonArray ?? []).Select(r => (string)r!).ToHashSet(StringComparer.Ordinal);
        var arguments = new JsonObject();
        foreach (var (name, property) in schema["properties"] as JsonObject ?? [])
        {
            if ((everything || required.Contains(name)) && property is JsonObject propertySchema && Value(name, propertySchema, profileId) is { } value)
            {
                arguments[name] = value;
            }
        }

        return arguments;
    }

    /// <summary>A valid value for one argument, from its name and schema: a canary profile's id for id/profile_id,
    /// canary credentials for an object of strings (credentials, cookies), the first enum value, the default or
    /// minimum of a number, true for a flag, a seeded row's id for other ids, a string that fits the pattern.</summary>
    private JsonNode? Value(string name, JsonObject schema, string profileId)
    {
        if (IsProfileId(name))
        {
            return profileId;
        }

        if (schema["enum"] is JsonArray { Count: > 0 } values)
        {
            return values[0]?.DeepClone();
        }

        var type = schema["type"] switch
        {
            JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
            var t => (string?)t,
        };
        switch (type)
        {
            case "object":
                return name.Contains("credential", StringComparison.Ordinal) || name.Contains("cookie", StringComparison.Ordinal)
                    || (string?)schema["additionalProperties"]?["type"] == "string"
                    ? CanaryCredentials()
                    : new JsonObject();
            case "boolean":
                return true;
            case "integer" or "number":
                return schema["default"]?.DeepClone() ?? schema["minimum"]?.DeepClone() ?? JsonValue.Create(1);
            case "array":
                return new JsonArray();
            case "string":
                return StringValue(name, schema);
            default:
                return null;
        }
    }

    private JsonNode? StringValue(string name, JsonObject schema)
    {
        if (name == "cursor")
        {
            return null; // only ever one a server made
        }

        if ((string?)schema["format"] == "uuid")
        {
            return name == "user_id"
                ? directus.Stack["ADMIN_USER_ID"]
                : _relatedIds.FirstOrDefault(p => name.StartsWith(p.Key, StringComparison.Ordinal)).Value ?? Guid.NewGuid().ToString();
        }

        if ((string?)schema["format"] == "date-time")
        {
            return DateTimeOffset.UtcNow.ToString("O");
        }

        string[] candidates = name switch
        {
            "platform" => ["onlyfans"],
            _ when name.Contains("username", StringComparison.Ordinal) || name.Contains("handle", StringComparison.Ordinal) => [Username()],
            _ => ["canary test", "canary_test", "x", "1"],
        };
        var pattern = (string?)schema["pattern"];
        return candidates.FirstOrDefault(c => pattern is null || Regex.IsMatch(c, pattern)) ?? candidates[0];
    }
}
