using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace CreatorProfiles.Mcp.IntegrationTests.Fuzz;

/// <summary>
/// JSON text with every string escaped by hand, so a lone surrogate goes out as its <c>\uD800</c> escape (valid JSON
/// text; System.Text.Json's writers put U+FFFD in its place, and the C# SDK client refuses to write such a value at all).
/// With <c>asciiOnly</c>, every non-ASCII character is escaped too: how a failing case is printed, readable anywhere.
/// </summary>
internal static class RawJson
{
    public static string Write(JsonNode? node, bool asciiOnly = false)
    {
        var text = new StringBuilder();
        Append(text, node, asciiOnly);
        return text.ToString();
    }

    /// <summary>A case as a failure message shows it: ASCII, at most <paramref name="max"/> characters.</summary>
    public static string Shown(JsonNode? node, int max = 400)
    {
        var text = Write(node, asciiOnly: true);
        return text.Length <= max ? text : $"{text[..max]}... ({text.Length} characters)";
    }

    public static bool HasLoneSurrogate(JsonNode? node) => node switch
    {
        JsonObject o => o.Any(p => HasLoneSurrogate(p.Key) || HasLoneSurrogate(p.Value)),
        JsonArray a => a.Any(HasLoneSurrogate),
        JsonValue v when v.TryGetValue<string>(out var s) => HasLoneSurrogate(s),
        _ => false,
    };

    public static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static void Append(StringBuilder text, JsonNode? node, bool asciiOnly)
    {
        switch (node)
        {
            case JsonObject o:
                text.Append('{');
                var first = true;
                foreach (var (name, value) in o)
                {
                    text.Append(first ? "" : ",");
                    first = false;
                    AppendString(text, name, asciiOnly);
                    text.Append(':');
                    Append(text, value, asciiOnly);
                }

                text.Append('}');
                break;
            case JsonArray a:
                text.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    text.Append(i == 0 ? "" : ",");
                    Append(text, a[i], asciiOnly);
                }

                text.Append(']');
                break;
            case JsonValue v when v.TryGetValue<string>(out var s):
                AppendString(text, s, asciiOnly);
                break;
            default:
                text.Append(node?.ToJsonString() ?? "null"); // numbers (as written, 1e400 included), booleans, null
                break;
        }
    }

    private static void AppendString(StringBuilder text, string value, bool asciiOnly)
    {
        text.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                text.Append('\\').Append(c);
            }
            else if (c < 0x20 || char.IsSurrogate(c) || (asciiOnly && c > 0x7E))
            {
                text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        text.Append('"');
    }
}
