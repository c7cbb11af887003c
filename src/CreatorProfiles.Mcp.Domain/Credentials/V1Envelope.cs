using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain.Validation;

namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>
/// The v1 text format and nothing else: <c>"v1:&lt;iv&gt;:&lt;tag&gt;:&lt;ciphertext&gt;"</c> (three standard base64
/// parts: a 12-byte iv, a 16-byte AES-GCM tag, the ciphertext), stored wrapped as <c>{"enc": "v1:..."}</c>. Builds and
/// takes apart that text; knows no key. Every failure is an <see cref="UnreadableCredentialsException"/> whose
/// message names the part that is wrong, never its content.
/// </summary>
internal static class V1Envelope
{
    public const string Prefix = "v1:";
    public const string Property = "enc";
    public const int IvLength = 12;
    public const int TagLength = 16;

    private static readonly SearchValues<char> Base64Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

    /// <summary>The three binary parts of a v1 value.</summary>
    public readonly record struct Parts(byte[] Iv, byte[] Tag, byte[] Ciphertext);

    /// <summary>The bare <c>"v1:&lt;iv&gt;:&lt;tag&gt;:&lt;ciphertext&gt;"</c> text.</summary>
    public static string Format(Parts parts) =>
        string.Concat(Prefix, Convert.ToBase64String(parts.Iv), ":", Convert.ToBase64String(parts.Tag), ":", Convert.ToBase64String(parts.Ciphertext));

    /// <summary>The stored envelope <c>{"enc": text}</c>.</summary>
    public static JsonObject Wrap(string text) => new() { [Property] = text };

    /// <summary>The <c>"v1:..."</c> text an envelope object holds (its <c>enc</c> must be a string starting with <c>v1:</c>).</summary>
    public static string Unwrap(JsonElement envelope)
    {
        var enc = envelope.GetProperty(Property);
        if (enc.ValueKind != JsonValueKind.String)
        {
            throw Malformed($"\"{Property}\" is {ArgumentRules.Describe(enc.ValueKind)}, not a \"v1:...\" string");
        }

        var text = enc.GetString()!;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw Malformed($"\"{Property}\" does not start with \"{Prefix}\" (unknown format version, or not an envelope)");
        }

        return text;
    }

    /// <summary>Splits and decodes <c>"v1:..."</c> text (which starts with <see cref="Prefix"/>), checking the part
    /// count, the base64 of each part and the iv and tag lengths.</summary>
    public static Parts Parse(string text)
    {
        var parts = text[Prefix.Length..].Split(':');
        if (parts.Length != 3)
        {
            throw Malformed($"expected v1:<iv>:<tag>:<ciphertext> (three base64 parts after \"v1:\") but found {parts.Length}; the value may be truncated");
        }

        var iv = DecodePart(parts[0], "iv");
        var tag = DecodePart(parts[1], "tag");
        var ciphertext = DecodePart(parts[2], "ciphertext");
        if (iv.Length != IvLength)
        {
            throw new UnreadableCredentialsException(CredentialsCheckOutcome.InvalidLength,
                $"The stored credentials envelope is malformed: the iv is {iv.Length} bytes; v1 uses {IvLength}. Set the credentials again.");
        }

        if (tag.Length != TagLength)
        {
            throw new UnreadableCredentialsException(CredentialsCheckOutcome.InvalidLength,
                $"The stored credentials envelope is malformed: the tag is {tag.Length} bytes; v1 uses {TagLength}. The value may be truncated; set the credentials again.");
        }

        return new Parts(iv, tag, ciphertext);
    }

    private static byte[] DecodePart(string text, string part)
    {
        if (text.Length == 0)
        {
            throw Malformed($"the {part} part is empty; the value may be truncated");
        }

        if (!IsCanonicalBase64(text))
        {
            throw new UnreadableCredentialsException(CredentialsCheckOutcome.InvalidBase64,
                $"The stored credentials envelope is malformed: the {part} part is not standard base64 (A-Z a-z 0-9 + /, '=' padding, "
                + "a length that is a multiple of 4); the value may be truncated or altered. Set the credentials again.");
        }

        return Convert.FromBase64String(text);
    }

    /// <summary>
    /// Standard base64 as written by Convert.ToBase64String and Node's Buffer.toString('base64'): the alphabet,
    /// padding to a multiple of 4, no whitespace, and zero unused bits in the last character, so that any change to
    /// the text changes the bytes (and is caught by the tag) or is refused here.
    /// </summary>
    private static bool IsCanonicalBase64(ReadOnlySpan<char> text)
    {
        if (text.Length % 4 != 0)
        {
            return false;
        }

        var padding = text.EndsWith("==", StringComparison.Ordinal) ? 2 : text.EndsWith('=') ? 1 : 0;
        var body = text[..^padding];
        if (body.ContainsAnyExcept(Base64Alphabet))
        {
            return false;
        }

        if (padding == 0)
        {
            return true;
        }

        var last = body[^1] switch
        {
            >= 'A' and <= 'Z' and var c => c - 'A',
            >= 'a' and <= 'z' and var c => c - 'a' + 26,
            >= '0' and <= '9' and var c => c - '0' + 52,
            '+' => 62,
            _ => 63,
        };
        return (last & (padding == 2 ? 0x0F : 0x03)) == 0;
    }

    private static UnreadableCredentialsException Malformed(string detail) =>
        new(CredentialsCheckOutcome.MalformedEnvelope, $"The stored credentials envelope is malformed: {detail}. Set the credentials again.");
}
