using System.Text.Json.Nodes;

namespace CreatorProfiles.Mcp.IntegrationTests.Fuzz;

/// <summary>One generated call: what kind of case it is (for the failure message) and its arguments.</summary>
internal sealed record FuzzCase(string Kind, JsonObject Arguments);

/// <summary>
/// Generates argument objects for a tool from nothing but its input schema: valid ones (every required argument, some
/// optional ones, values that fit type, enum, range, length and pattern, ids of real rows of any tenant), boundary
/// ones (one value at or just past a limit) and hostile ones (<see cref="Hostile"/>). A tool added later is fuzzed
/// like the others.
/// </summary>
internal sealed partial class ArgumentGenerator(IReadOnlyList<string> realIds)
{
    private const string UsernameAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";

    public FuzzCase Next(Random rng, JsonObject inputSchema, string? cursor)
    {
        var arguments = ToolArgument.AllOf(inputSchema);
        var valid = Valid(rng, arguments, cursor);
        var roll = rng.NextDouble();
        return roll < 0.3 || arguments.Count == 0 && roll < 0.5 ? new FuzzCase("valid", valid)
            : roll < 0.5 && arguments.Count > 0 ? Boundary(rng, arguments, valid)
            : Hostile(rng, arguments, valid);
    }

    private JsonObject Valid(Random rng, List<ToolArgument> arguments, string? cursor)
    {
        var result = new JsonObject();
        foreach (var argument in arguments.Where(a => a.Required || rng.Next(2) == 0))
        {
            var value = argument.Name == "cursor" ? (cursor is null ? null : JsonValue.Create(cursor)) : ValidValue(rng, argument);
            if (value is not null)
            {
                result[argument.Name] = value;
            }
        }

        return result;
    }

    private JsonNode? ValidValue(Random rng, ToolArgument argument)
    {
        if (argument.Enum is { Count: > 0 } values)
        {
            return values[rng.Next(values.Count)];
        }

        return argument.Type switch
        {
            "boolean" => rng.Next(2) == 0,
            "integer" => rng.Next(4) == 0 && argument.Default is { } fallback
                ? fallback.DeepClone()
                : rng.NextInt64(argument.Minimum ?? 0, (argument.Maximum ?? 1000) + 1),
            "number" => rng.NextDouble() * (argument.Maximum ?? 1000),
            "string" => ValidString(rng, argument),
            "object" when argument.MapValueType == "string" => Map(rng, rng.Next(1, 5), fieldLength: 12, valueLength: 24),
            "object" => new JsonObject(),
            "array" => new JsonArray(),
            _ => null,
        };
    }

    private JsonNode ValidString(Random rng, ToolArgument argument)
    {
        switch (argument.Format)
        {
            case "uuid":
                return rng.Next(5) == 0 ? RandomGuid(rng).ToString() : realIds[rng.Next(realIds.Count)];
            case "date-time":
                return DateTimeOffset.UtcNow.AddMinutes(-rng.Next(100_000)).ToString("O");
        }

        if (argument.Examples is { Count: > 0 } examples && rng.Next(4) != 0)
        {
            var example = examples[rng.Next(examples.Count)];
            return rng.Next(3) == 0 ? example.ToUpperInvariant() : example;
        }

        var length = rng.Next(1, Math.Min(argument.MaxLength ?? 64, 64) + 1);
        var candidate = Word(rng, length);
        return argument.Matches(candidate) ? candidate : Word(rng, 8);
    }

    private FuzzCase Boundary(Random rng, List<ToolArgument> arguments, JsonObject valid)
    {
        var argument = arguments[rng.Next(arguments.Count)];
        var options = BoundaryValues(rng, argument);
        var (what, value) = options[rng.Next(options.Count)];
        valid[argument.Name] = value;
        return new FuzzCase($"boundary: '{argument.Name}' {what}", valid);
    }

    private List<(string What, JsonNode? Value)> BoundaryValues(Random rng, ToolArgument argument)
    {
        var values = new List<(string, JsonNode?)>();
        if (argument.Enum is { Count: > 0 } members)
        {
            var member = members[rng.Next(members.Count)];
            values.AddRange([("enum in upper case", member.ToUpperInvariant()), ("enum padded", $"  {member} "), ("enum plus a letter", member + "s"), ("empty", "")]);
        }

        switch (argument.Type)
        {
            case "integer" or "number":
                var min = argument.Minimum ?? 0;
                var max = argument.Maximum ?? 1000;
                values.AddRange([("minimum", min), ("maximum", max), ("below the minimum", min - 1), ("above the maximum", max + 1), ("zero", 0), ("minus one", -1)]);
                break;
            case "string" when argument.Format == "uuid":
                var id = realIds[rng.Next(realIds.Count)];
                values.AddRange([("upper case", id.ToUpperInvariant()), ("in braces", $"{{{id}}}"), ("padded", $" {id}\t"),
                    ("nil uuid", Guid.Empty.ToString()), ("max uuid", "ffffffff-ffff-ffff-ffff-ffffffffffff"), ("no hyphens", id.Replace("-", "", StringComparison.Ordinal))]);
                break;
            case "string":
                var limit = argument.MaxLength ?? 64;
                values.AddRange([("empty", ""), ("blank", "   "), ("at the length limit", new string('a', limit)), ("past the length limit", new string('a', limit + 1))]);
                break;
            case "object" when argument.MapValueType == "string":
                values.AddRange([("no fields", new JsonObject()), ("32 fields", Map(rng, 32, 8, 8)), ("33 fields", Map(rng, 33, 8, 8)),
                    ("a value of 8192 characters", Map(rng, 1, 8, 8192)), ("a value of 8193 characters", Map(rng, 1, 8, 8193)),
                    ("a field name of 64 characters", Map(rng, 1, 64, 8)), ("a field name of 65 characters", Map(rng, 1, 65, 8)),
                    ("a field name with a space", new JsonObject { ["user name"] = "x" }), ("an empty value", new JsonObject { ["password"] = "" })]);
                break;
            case "boolean":
                values.AddRange([("true", true), ("false", false)]);
                break;
        }

        values.Add(("null", null));
        return values;
    }

    private static JsonObject Map(Random rng, int fields, int fieldLength, int valueLength)
    {
        var map = new JsonObject();
        while (map.Count < fields)
        {
            map[Word(rng, fieldLength)] = Word(rng, valueLength);
        }

        return map;
    }

    private static string Word(Random rng, int length) =>
        string.Create(length, rng, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = UsernameAlphabet[r.Next(UsernameAlphabet.Length)];
            }
        });

    private static Guid RandomGuid(Random rng)
    {
        var bytes = new byte[16];
        rng.NextBytes(bytes);
        return new Guid(bytes);
    }
}
