namespace CreatorProfiles.Mcp.Hosting;

/// <summary>
/// JSON text may escape a lone UTF-16 surrogate (<c>"\uD800"</c>), but no .NET string can be read from it: the SDK
/// fails while turning the request's params into its types, before any filter of ours runs, and answers a bare
/// JSON-RPC "An error occurred." for a tool that exists. Rewritten in place as <c>\uFFFD</c> (the replacement
/// character, what System.Text.Json writes for one; same length, so nothing moves), the request reaches the tool and
/// the argument is refused by name like any other bad value.
/// </summary>
internal static class LoneSurrogateEscapes
{
    /// <summary>Rewrites every escaped lone surrogate inside the JSON strings of <paramref name="json"/> (one message);
    /// returns how many. A surrogate pair, an escaped backslash followed by "u", and text outside strings are left alone.</summary>
    public static int ReplaceInPlace(Span<byte> json)
    {
        if (json.IndexOf("\\u"u8) < 0)
        {
            return 0;
        }

        var replaced = 0;
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] == '"')
            {
                inString = !inString;
            }
            else if (inString && json[i] == '\\')
            {
                if (EscapedUnit(json, i) is not { } unit)
                {
                    i++; // a two-character escape such as \" or \\: its second character is not special
                    continue;
                }

                if (char.IsHighSurrogate(unit) && EscapedUnit(json, i + 6) is { } next && char.IsLowSurrogate(next))
                {
                    i += 11; // a valid pair: both escapes kept
                    continue;
                }

                if (char.IsSurrogate(unit))
                {
                    "FFFD"u8.CopyTo(json[(i + 2)..]);
                    replaced++;
                }

                i += 5;
            }
        }

        return replaced;
    }

    /// <summary>The code unit of a <c>\uXXXX</c> escape starting at <paramref name="at"/>, or null when there is none.</summary>
    private static char? EscapedUnit(ReadOnlySpan<byte> json, int at)
    {
        if (at + 6 > json.Length || json[at] != '\\' || json[at + 1] != 'u')
        {
            return null;
        }

        var unit = 0;
        foreach (var digit in json.Slice(at + 2, 4))
        {
            var value = HexValue(digit);
            if (value < 0)
            {
                return null;
            }

            unit = (unit << 4) | value;
        }

        return (char)unit;
    }

    private static int HexValue(byte digit) => digit switch
    {
        >= (byte)'0' and <= (byte)'9' => digit - '0',
        >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => digit - 'A' + 10,
        _ => -1,
    };
}
