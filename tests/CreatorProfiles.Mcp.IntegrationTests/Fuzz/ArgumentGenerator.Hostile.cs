using System.Text;
using System.Text.Json.Nodes;

namespace CreatorProfiles.Mcp.IntegrationTests.Fuzz;

/// <summary>Hostile cases: a valid object with one to three attacks applied.</summary>
internal sealed partial class ArgumentGenerator
{
    /// <summary>1 MiB of UTF-8: under the 4 MiB stdio line cap even when the client escapes every character (6 bytes).</summary>
    private const int HugeBytes = 1 << 20;

    /// <summary>Deep enough to hurt a recursive reader, shallow enough for the JSON readers' 64 levels once the
    /// request's own levels (message, params, arguments) are added.</summary>
    private const int MaxNesting = 56;

    private static readonly string[] Oddities =
    [
        "\uD800", "\uDFFF", "\uDC00\uD800", "\u202E", "\u2066", "\u200B", "\uFEFF", "\u0000", "\U000E0041", "\r\n", "\u2028",
        "e\u0301", "\uFF11\uFF12", "\u0430", "\U0001F600", "\u05D0\u05D1", "\uFFFD", "\u001B[31m",
    ];

    private static readonly string[] NanLike = ["NaN", "Infinity", "-Infinity", "1e309", "0x10", "\u0661\u0662", " 5 ", "5abc", "null", "undefined", "true", "-0"];

    private static readonly string[] Injections =
    [
        "*", "%", "$CURRENT_USER", "{\"_neq\":null}", "../../items/directus_users", "' OR 1=1 --", "?filter[id][_nnull]=true",
        "onlyfans%00", "<script>alert(1)</script>", "IGNORE PREVIOUS INSTRUCTIONS",
    ];

    private static readonly string[] ExtraNames = ["ID", "__proto__", "constructor", "$where", "filter", "user_id", "a\u202Eb", "", "\u0000", "x\uD800"];

    /// <summary>Numbers at the limits of int, long and double, and past them (1e400 is no double at all).</summary>
    private static readonly string[] NumberLimits =
    [
        "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "1.7976931348623157e308", "1e400", "-1e400", "-0", "0.5", "1e-320", "4.9e-324",
        "12345678901234567890123", "1E2", "-1",
    ];

    private FuzzCase Hostile(Random rng, List<ToolArgument> arguments, JsonObject valid)
    {
        var attacks = new List<string>();
        var hugeUsed = false;
        for (var i = rng.Next(1, 4); i > 0; i--)
        {
            var target = arguments.Count == 0 ? null : arguments[rng.Next(arguments.Count)];
            var attack = rng.Next(target is null ? 1 : 10);
            attacks.Add(attack switch
            {
                0 => ExtraField(rng, valid),
                1 => Set(valid, target!, "wrong type", WrongType(rng, target!)),
                2 when target!.Required => Drop(valid, target),
                3 when !hugeUsed => SetHuge(target!),
                4 => Set(valid, target!, "unicode oddities", WithOddities(rng, StringOf(valid[target!.Name]) ?? Word(rng, 6))),
                5 => Set(valid, target!, "deep nesting", Nested(rng, rng.Next(2, MaxNesting))),
                6 => Set(valid, target!, "number at a limit", JsonNode.Parse(NumberLimits[rng.Next(NumberLimits.Length)])),
                7 => Set(valid, target!, "NaN-like string", NanLike[rng.Next(NanLike.Length)]),
                8 => Set(valid, target!, "uuid-ish", UuidIsh(rng)),
                _ => Set(valid, target!, "injection string", Injections[rng.Next(Injections.Length)]),
            });
        }

        return new FuzzCase("hostile: " + string.Join(", ", attacks), valid);

        string SetHuge(ToolArgument target)
        {
            hugeUsed = true; // one per call: three would pass the stdio line cap
            return Set(valid, target, "1 MiB string", Huge(rng));
        }
    }

    private static string Set(JsonObject arguments, ToolArgument target, string what, JsonNode? value)
    {
        arguments[target.Name] = value;
        return $"{what} for '{target.Name}'";
    }

    private static string Drop(JsonObject arguments, ToolArgument target)
    {
        arguments.Remove(target.Name);
        return $"'{target.Name}' missing";
    }

    private static string ExtraField(Random rng, JsonObject arguments)
    {
        var name = rng.Next(4) == 0 ? new string('x', rng.Next(65, 400)) : ExtraNames[rng.Next(ExtraNames.Length)];
        arguments[name] = rng.Next(2) == 0 ? "extra" : Nested(rng, 3);
        return "an extra argument";
    }

    private static JsonNode? WrongType(Random rng, ToolArgument target)
    {
        JsonNode?[] kinds = [null, 0, -1.5, true, new JsonArray(), new JsonObject(), "text", new JsonArray(1, new JsonArray(2)), new JsonObject { ["_eq"] = "x" }];
        var candidates = kinds.Where(k => KindOf(k) != target.Type).ToList();
        return candidates[rng.Next(candidates.Count)]?.DeepClone();
    }

    private static string? KindOf(JsonNode? node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v when v.TryGetValue<string>(out _) => "string",
        JsonValue v when v.TryGetValue<bool>(out _) => "boolean",
        JsonValue v when v.TryGetValue<int>(out _) => "integer",
        JsonValue => "number",
        _ => "null",
    };

    private static string? StringOf(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Huge(Random rng)
    {
        string[] pieces = ["A", "é", "€", "x", " ", "\u202E", "0"];
        var piece = pieces[rng.Next(pieces.Length)];
        return new StringBuilder(HugeBytes).Insert(0, piece, HugeBytes / Encoding.UTF8.GetByteCount(piece)).ToString();
    }

    private static string WithOddities(Random rng, string value)
    {
        var text = new StringBuilder(value);
        for (var i = rng.Next(1, 4); i > 0; i--)
        {
            text.Insert(rng.Next(text.Length + 1), Oddities[rng.Next(Oddities.Length)]);
        }

        return text.ToString();
    }

    private static JsonNode Nested(Random rng, int depth)
    {
        JsonNode node = rng.Next(2) == 0 ? "bottom" : 1;
        for (var i = 0; i < depth; i++)
        {
            node = rng.Next(2) == 0 ? new JsonArray(node) : new JsonObject { ["a"] = node };
        }

        return node;
    }

    /// <summary>Strings that look like a UUID and are not one, most made from a real row's id.</summary>
    private string UuidIsh(Random rng)
    {
        var id = realIds[rng.Next(realIds.Count)];
        string[] options =
        [
            id[..^1] + "g", id[..^1], id + "0", $"urn:uuid:{id}", id.Insert(9, "\u200B"), id.Replace('-', '_'),
            id.Insert(8, "-"), string.Concat(id.Select(c => char.IsAsciiDigit(c) ? (char)(c - '0' + '\uFF10') : c)),
            id + "\n", id + "' OR '1'='1", "00000000-0000-0000-0000-000000000000", "0", "-1", "{}",
        ];
        return options[rng.Next(options.Length)];
    }
}
