using System.Globalization;
using System.Text;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// A name the caller made up (an unknown tool name, an unknown argument or field name) as it may be echoed in an
/// error and written to a log or the audit line: at most <see cref="MaxLength"/> characters (Unicode scalars; then
/// "…"), every control, line-break, bidi, zero-width, tag or other invisible character replaced by '?'. A caller can
/// thus neither flood the logs nor forge a log line nor hide text from whoever reads the echo.
/// </summary>
public static class EchoedName
{
    public const int MaxLength = 64;

    public static string Of(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "";
        }

        var shown = new StringBuilder(Math.Min(name.Length, MaxLength * 2) + 1);
        var count = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            if (count++ == MaxLength)
            {
                return shown.Append('…').ToString();
            }

            if (IsInvisibleOrBreaking(rune))
            {
                shown.Append('?');
            }
            else
            {
                shown.Append(rune.ToString());
            }
        }

        return shown.ToString();
    }

    private static bool IsInvisibleOrBreaking(Rune rune) =>
        rune == Rune.ReplacementChar // also what a lone surrogate reads as
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate;
}
