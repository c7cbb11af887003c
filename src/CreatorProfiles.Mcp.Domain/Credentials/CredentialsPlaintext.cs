using System.Text.Encodings.Web;
using System.Text.Json;
using CreatorProfiles.Mcp.Domain.Validation;

namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>
/// What every readable credentials value holds once opened: a JSON object whose values are all strings. Writes it
/// (UTF-8, into a buffer that is zeroed after use) and reads it back, from decrypted bytes or from a stored legacy
/// object. Parser messages are never passed on: they can quote the text.
/// </summary>
internal static class CredentialsPlaintext
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Non-ASCII text stays UTF-8 (as Node's JSON.stringify writes it) instead of \uXXXX escapes that would
        // double or triple the size of non-Latin values. "Unsafe" is about embedding in HTML, which never happens
        // to this text: it is encrypted right away.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The credentials as UTF-8 JSON, in a buffer the caller disposes (which zeroes it).</summary>
    /// <exception cref="InvalidArgumentException">A value is null or not valid Unicode text.</exception>
    public static SensitiveBufferWriter Write(IReadOnlyDictionary<string, string> credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        foreach (var (name, value) in credentials)
        {
            if (value is null)
            {
                throw new InvalidArgumentException("credentials", null, $"an object whose values are all strings (field {ArgumentRules.Quote(name)} has none)");
            }

            // The JSON writer would silently turn a lone surrogate into U+FFFD: the stored secret would differ from
            // the one given, and nobody would know until a login fails.
            if (!IsWellFormedUtf16(name))
            {
                throw new InvalidArgumentException("credentials", null, "an object whose field names are valid Unicode text (a name holds a lone surrogate)");
            }

            if (!IsWellFormedUtf16(value))
            {
                throw new InvalidArgumentException("credentials", null, $"an object whose values are valid Unicode text (the value of field {ArgumentRules.Quote(name)} holds a lone surrogate)");
            }
        }

        var buffer = new SensitiveBufferWriter();
        try
        {
            using var writer = new Utf8JsonWriter(buffer, WriterOptions);
            JsonSerializer.Serialize(writer, credentials, CredentialsJsonContext.Default.IReadOnlyDictionaryStringString);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }

        return buffer;
    }

    /// <summary>Reads decrypted UTF-8 JSON as an object of strings; <paramref name="what"/> starts the failure message.</summary>
    public static (Dictionary<string, string> Credentials, List<string> Names) Parse(ReadOnlySpan<byte> utf8, string what)
    {
        var credentials = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new List<string>();
        var reader = new Utf8JsonReader(utf8);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw NotObjectOfStrings(what, $"the decrypted text is {ArgumentRules.Describe(reader.TokenType)}");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw NotObjectOfStrings(what, $"field {ArgumentRules.Quote(name)} is {ArgumentRules.Describe(reader.TokenType)}, not a string");
                }

                if (!credentials.TryAdd(name, reader.GetString()!))
                {
                    throw NotObjectOfStrings(what, $"field {ArgumentRules.Quote(name)} appears more than once");
                }

                names.Add(name);
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw NotObjectOfStrings(what, "the decrypted text is not one JSON object");
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw NotObjectOfStrings(what, "the decrypted text is not valid UTF-8 JSON");
        }

        return (credentials, names);
    }

    /// <summary>Reads a JSON object element as an object of strings; <paramref name="what"/> starts the failure message.</summary>
    public static (Dictionary<string, string> Credentials, List<string> Names) Read(JsonElement value, string what)
    {
        var credentials = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw NotObjectOfStrings(what, $"field {ArgumentRules.Quote(property.Name)} is {ArgumentRules.Describe(property.Value.ValueKind)}, not a string");
            }

            if (!credentials.TryAdd(property.Name, property.Value.GetString()!))
            {
                throw NotObjectOfStrings(what, $"field {ArgumentRules.Quote(property.Name)} appears more than once");
            }

            names.Add(property.Name);
        }

        return (credentials, names);
    }

    private static bool IsWellFormedUtf16(ReadOnlySpan<char> text)
    {
        var i = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0)
        {
            return true;
        }

        for (; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static UnreadableCredentialsException NotObjectOfStrings(string what, string detail) =>
        new(CredentialsCheckOutcome.InvalidPlaintext, $"{what} are not a JSON object of strings: {detail}. Set the credentials again.");
}
