using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CreatorProfiles.Mcp.Domain.Untrusted;

/// <summary>
/// Text this server did not write and cannot vouch for, handled in this one place before any agent sees it: what
/// tenants, the media worker or scraped platforms can put in Directus (usernames read back, last_error, job errors,
/// HITL reasons, media types, captions, URLs). Views put such values under an <c>untrusted</c> object; the Tools
/// layer fences every value there in the text content of a reply (docs/tools.md, "Untrusted content").
/// <list type="bullet">
/// <item>invisible and layout-changing characters are removed: controls, zero-width and joiner characters, bidi
/// embeddings/overrides/isolates, Unicode tag characters ("ASCII smuggling"), variation selectors, private-use and
/// unassigned code points, invisible filler letters; line breaks and tabs become spaces and runs of spaces collapse,
/// so a caption cannot fake a new line, a chat turn or a heading;</item>
/// <item>lengths are capped (names <see cref="MaxNameLength"/>, free text <see cref="MaxTextLength"/>, URLs
/// <see cref="MaxUrlLength"/>);</item>
/// <item>the fence brackets <see cref="FenceOpen"/> / <see cref="FenceClose"/> are replaced inside the text, so a
/// value can never open or close a fence, whatever delimiter it guesses.</item>
/// </list>
/// A <see cref="Fence"/> is made per reply with a random id; results wrap each untrusted value in it.
/// </summary>
public static class UntrustedText
{
    /// <summary>Usernames and media types: a name, never a paragraph (the column holds at most 255).</summary>
    public const int MaxNameLength = 255;
    /// <summary>Captions, errors and HITL reasons.</summary>
    public const int MaxTextLength = 1000;
    public const int MaxUrlLength = 2048;
    /// <summary>What a closed-vocabulary value (<see cref="Word"/>) is shown as when the stored one is not a plain word.</summary>
    public const string InvalidWord = "invalid_stored_value";
    public const char FenceOpen = '⟦';
    public const char FenceClose = '⟧';

    /// <summary>Cleans and caps <paramref name="value"/>; null when nothing visible is left.</summary>
    public static Cleaned Clean(string? value, int maxLength)
    {
        if (value is null)
        {
            return new Cleaned(null, 0, false);
        }

        var builder = new StringBuilder(Math.Min(value.Length, maxLength + 16));
        var pendingSpace = false;
        var visible = 0; // characters of visible text seen, to report the original length without the noise
        var truncated = false;
        foreach (var rune in value.EnumerateRunes())
        {
            var kind = Classify(rune);
            if (kind == Kind.Drop)
            {
                continue;
            }

            if (kind == Kind.Space)
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            visible += rune.Utf16SequenceLength + (pendingSpace ? 1 : 0);
            if (truncated)
            {
                pendingSpace = false;
                continue;
            }

            var needed = rune.Utf16SequenceLength + (pendingSpace ? 1 : 0);
            if (builder.Length + needed > maxLength)
            {
                truncated = true;
                pendingSpace = false;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            if (rune.Value == FenceOpen)
            {
                builder.Append('[');
            }
            else if (rune.Value == FenceClose)
            {
                builder.Append(']');
            }
            else
            {
                builder.Append(rune.ToString());
            }
        }

        if (truncated)
        {
            builder.Append('…');
        }

        return builder.Length == 0 ? new Cleaned(null, 0, false) : new Cleaned(builder.ToString(), visible, truncated);
    }

    /// <summary>Only the text of a cleaned value (<see cref="Clean"/>): for fields that report no cut.</summary>
    public static string? CleanText(string? value, int maxLength) => Clean(value, maxLength).Text;

    /// <summary>
    /// A stored value of a closed vocabulary (platform, a status, a job type): shown as stored when it is a plain word
    /// (1 to 64 ASCII letters, digits, '.', '_' or '-', as every value this server writes), else as
    /// <see cref="InvalidWord"/>. Such fields sit beside the server's own data, not under <c>untrusted</c>, so a row
    /// written straight into Directus must not smuggle text through them.
    /// </summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Word(string? value) =>
        value is null ? null
        : value is { Length: > 0 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') ? value
        : InvalidWord;

    /// <summary>A fence with a fresh random id (64 bits): a value cannot guess it, and cannot contain its brackets.</summary>
    public static Fence NewFence() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));

    private enum Kind { Keep, Space, Drop }

    private static Kind Classify(Rune rune)
    {
        var value = rune.Value;
        if (value is '\t' or '\n' or '\r' or '\v' or '\f' or 0x85)
        {
            return Kind.Space;
        }

        // Variation selectors (can carry hidden data after any character), combining grapheme joiner, and letters
        // that render as nothing (Hangul fillers).
        if (value is >= 0xFE00 and <= 0xFE0F or >= 0xE0100 and <= 0xE01EF or 0x034F or 0x115F or 0x1160 or 0x3164 or 0xFFA0)
        {
            return Kind.Drop;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => Kind.Space,
            // Cc controls, Cf format (zero-width space/joiners, word joiner, BOM, bidi controls, tag characters, soft
            // hyphen), Co private use, Cn unassigned (and noncharacters), Cs lone surrogates.
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate => Kind.Drop,
            _ => Kind.Keep,
        };
    }

    /// <summary>The first character of <paramref name="value"/> that would not show as itself in a model's context
    /// (a control such as a line break or tab, a bidi override, a zero-width or tag character, private-use or
    /// unassigned), as <c>U+XXXX</c>; null when there is none. Plain spaces are fine. For inputs that become text an
    /// agent reads later: they are refused rather than cleaned, so what is stored is what the writer sees.</summary>
    public static string? FirstHiddenCharacter(string value)
    {
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value != ' ' && Classify(rune) != Kind.Keep)
            {
                return $"U+{rune.Value:X4}";
            }
        }

        return null;
    }

    /// <param name="Text">The cleaned text, or null when nothing visible was left.</param>
    /// <param name="VisibleLength">Length of the cleaned text before the cap.</param>
    /// <param name="Truncated">True when the cap cut the text (it then ends with "…").</param>
    public sealed record Cleaned(string? Text, int VisibleLength, bool Truncated);
}

/// <summary>The delimiter one reply wraps untrusted values in: <c>⟦untrusted ID⟧ … ⟦/untrusted ID⟧</c>.</summary>
public sealed record Fence(string Id)
{
    public string Open => $"{UntrustedText.FenceOpen}untrusted {Id}{UntrustedText.FenceClose}";

    public string Close => $"{UntrustedText.FenceOpen}/untrusted {Id}{UntrustedText.FenceClose}";

    /// <summary>Wraps a value that went through <see cref="UntrustedText.Clean"/> (so it holds no fence bracket).</summary>
    public string Wrap(string cleanedText) => Open + cleanedText + Close;
}
