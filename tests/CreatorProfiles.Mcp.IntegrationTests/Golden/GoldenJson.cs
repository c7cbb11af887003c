using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreatorProfiles.Mcp.IntegrationTests.Golden;

/// <summary>
/// How golden files are written and read: pretty JSON (2 spaces, \n, trailing newline) meant for review in a diff.
/// <c>&lt;</c>, <c>'</c> and printable non-ASCII stay literal (placeholders such as <c>&lt;uuid:1&gt;</c> read as
/// written), while invisible characters (zero-width, bidi controls, tag characters, ...) are escaped as \uXXXX so a
/// reviewer sees them.
/// </summary>
internal static class GoldenJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions CompactOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonNode? node) => EscapeInvisible(node?.ToJsonString(Options) ?? "null") + "\n";

    /// <summary>Compact JSON; used for sizes and for the content of a JSON-RPC result.</summary>
    public static string Compact(JsonNode? node) => node?.ToJsonString(CompactOptions) ?? "null";

    public static JsonNode Read(string path)
    {
        try
        {
            // Strict JSON (no comments): a regenerated file is rewritten from the parsed tree, which would drop them.
            return JsonNode.Parse(File.ReadAllText(path))
                ?? throw new InvalidDataException($"{path}: the file holds JSON null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e);
        }
    }

    /// <summary>A copy with every object's properties sorted (ordinal), recursively; arrays keep their order.</summary>
    public static JsonNode? SortKeys(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, SortKeys(p.Value)))),
        JsonArray array => new JsonArray(array.Select(SortKeys).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    /// <summary>True when the variable is set to true/1/yes: the golden files are to be rewritten, not compared.</summary>
    public static bool UpdateRequested(string variable) =>
        Environment.GetEnvironmentVariable(variable)?.Trim().ToLowerInvariant() is "true" or "1" or "yes";

    /// <summary>Writes the file only when its text changes (keeps timestamps and `git status` quiet).</summary>
    public static bool WriteIfChanged(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return true;
    }

    /// <summary>Reads a text file with \r\n turned into \n, so a checkout with Windows line endings still compares.</summary>
    public static string ReadText(string path) => File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);

    // Outside strings JSON text is ASCII, so every such character is inside a string, where \uXXXX is valid.
    private static string EscapeInvisible(string json)
    {
        StringBuilder? sb = null;
        var index = 0;
        Span<char> chars = stackalloc char[2];
        foreach (var rune in json.EnumerateRunes())
        {
            if (rune.Value > 0x7E && IsInvisible(rune))
            {
                sb ??= new StringBuilder(json.Length + 16).Append(json, 0, index);
                var n = rune.EncodeToUtf16(chars);
                for (var i = 0; i < n; i++)
                {
                    sb.Append("\\u").Append(((int)chars[i]).ToString("X4", CultureInfo.InvariantCulture));
                }
            }
            else
            {
                sb?.Append(rune.ToString());
            }

            index += rune.Utf16SequenceLength;
        }

        return sb?.ToString() ?? json;
    }

    private static bool IsInvisible(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator
        or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate;
}
