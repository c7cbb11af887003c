using System.Globalization;
using System.Text.Json;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// Checks the JSON shape of a call's arguments against the tool's own input schema before the SDK binds them:
/// missing required arguments, unknown argument names and wrong JSON types. Without it a typo is silently ignored and a type mismatch surfaces
/// as a message that names no argument. Value rules (enums, ranges, formats) stay in the domain's ArgumentRules.
/// </summary>
internal static class ArgumentShape
{
    public static string? FindProblem(string toolName, JsonElement inputSchema, IDictionary<string, JsonElement>? arguments)
    {
        if (inputSchema.TryGetProperty("required", out var required))
        {
            var missing = required.EnumerateArray().Select(r => r.GetString()!).Where(r => arguments?.ContainsKey(r) != true).ToList();
            if (missing.Count > 0)
            {
                return $"Missing required argument{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))} for '{toolName}'. See the tool's input schema.";
            }
        }

        if (arguments is null || !inputSchema.TryGetProperty("properties", out var properties))
        {
            return null;
        }

        foreach (var (name, value) in arguments)
        {
            if (!properties.TryGetProperty(name, out var property))
            {
                var known = string.Join(", ", properties.EnumerateObject().Select(p => p.Name));
                return $"Unknown argument '{EchoedName.Of(name)}' for '{toolName}'. Allowed arguments: {(known.Length == 0 ? "none" : known)}.";
            }

            if (RangeProblem(name, property, value) is { } outOfRange)
            {
                return outOfRange;
            }

            var allowedTypes = AllowedTypes(property);
            if (allowedTypes.Count > 0 && !allowedTypes.Any(t => Matches(t, value)))
            {
                return $"Invalid '{name}': got a JSON {Describe(value)}. Allowed: {string.Join(" or ", allowedTypes.Where(t => t != "null"))}{(allowedTypes.Contains("null") ? " (or omit it)" : "")}.";
            }

            // A map such as credentials: every value must have the declared type. Values are never quoted (secrets).
            if (value.ValueKind == JsonValueKind.Object && property.TryGetProperty("additionalProperties", out var valueSchema)
                && valueSchema.ValueKind == JsonValueKind.Object)
            {
                var valueTypes = AllowedTypes(valueSchema).Where(t => t != "null").ToList();
                var wrong = value.EnumerateObject().FirstOrDefault(p => valueTypes.Count > 0 && !valueTypes.Any(t => Matches(t, p.Value)));
                if (wrong.Value.ValueKind != JsonValueKind.Undefined)
                {
                    return $"Invalid '{name}': the field '{EchoedName.Of(wrong.Name)}' holds a JSON {Describe(wrong.Value)}. Allowed: every value a {string.Join(" or ", valueTypes)}.";
                }
            }
        }

        return null;
    }

    /// <summary>A number outside the schema's minimum or maximum (or past what a double holds, such as 1e400). Refused
    /// here because binding fails first for a value the tool's parameter cannot hold (an int given -2^63), with a message
    /// that names no argument.</summary>
    private static string? RangeProblem(string name, JsonElement property, JsonElement value)
    {
        var min = property.TryGetProperty("minimum", out var minimum) ? minimum.GetDouble() : (double?)null;
        var max = property.TryGetProperty("maximum", out var maximum) ? maximum.GetDouble() : (double?)null;
        if (value.ValueKind != JsonValueKind.Number || min is null && max is null
            || value.TryGetDouble(out var number) && number >= (min ?? double.MinValue) && number <= (max ?? double.MaxValue))
        {
            return null;
        }

        var kind = AllowedTypes(property).Contains("integer") ? "an integer" : "a number";
        var range = (min, max) switch
        {
            ({ } low, { } high) => string.Create(CultureInfo.InvariantCulture, $"from {low} to {high}"),
            ({ } low, null) => string.Create(CultureInfo.InvariantCulture, $"of at least {low}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"of at most {max}"),
        };
        var fallback = property.TryGetProperty("default", out var defaultValue) ? $" (default {defaultValue.GetRawText()})" : "";
        return $"Invalid '{name}': {EchoedName.Of(value.GetRawText())}. Allowed: {kind} {range}{fallback}.";
    }

    private static List<string> AllowedTypes(JsonElement property) =>
        !property.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.String ? [type.GetString()!]
        : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString() ?? "").ToList()
        : [];

    private static bool Matches(string type, JsonElement value) => type switch
    {
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "number with a fraction",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        _ => "null",
    };
}
