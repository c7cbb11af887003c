using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain.Validation;

namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>
/// The v1 credentials format with AES-256-GCM: encrypts with the keyring's current key to
/// <c>{"enc": "v1:&lt;iv&gt;:&lt;tag&gt;:&lt;ciphertext&gt;"}</c>, and reads every stored form (v1 envelope, legacy
/// <c>"v1:..."</c> string, legacy plaintext) trying the current key, then each previous key in order.
/// </summary>
/// <remarks>
/// Plaintext bytes live in pinned buffers that are zeroed after use; the strings a caller passes in or gets back
/// cannot be zeroed (.NET strings are immutable), so keep them short-lived. No message produced here contains a
/// credential value, ciphertext or key material: failures name the part that is wrong, a field name at most, and
/// key fingerprints. The class is thread-safe (it keeps no state besides the keys).
/// </remarks>
public sealed class CredentialsCipher
{
    public const string EnvelopeProperty = "enc";
    public const int IvLength = 12;
    public const int TagLength = 16;

    /// <summary>
    /// The one field a legacy plaintext string that is not JSON object text is read as: the stored
    /// <c>"user:secret"</c> comes back as <c>{"value": "user:secret"}</c>, so every readable value is an object of
    /// strings and re-encrypting it (legacy migration) keeps the text intact under a stable name.
    /// </summary>
    public const string LegacyStringField = "value";

    private static readonly SearchValues<char> Base64Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

    private static readonly JsonWriterOptions PlaintextWriterOptions = new()
    {
        // Non-ASCII text stays UTF-8 (as Node's JSON.stringify writes it) instead of \uXXXX escapes that would
        // double or triple the size of non-Latin values. "Unsafe" is about embedding in HTML, which never happens
        // to this text: it is encrypted right away.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly byte[][] _keys;
    private readonly string[] _fingerprints;

    public CredentialsCipher(CredentialKeyring keyring)
    {
        ArgumentNullException.ThrowIfNull(keyring);
        _keys = [keyring.Current, .. keyring.Previous];
        _fingerprints = [.. _keys.Select(k => CredentialKeyring.Fingerprint(k))];
    }

    /// <summary>Fingerprint of the current key, the one <see cref="Encrypt"/> uses.</summary>
    public string KeyFingerprint => _fingerprints[0];

    /// <summary>
    /// Encrypts a credentials object to the stored envelope <c>{"enc": "v1:..."}</c> with the current key and a
    /// fresh random 12-byte nonce (two calls with the same input give different envelopes).
    /// </summary>
    /// <exception cref="InvalidArgumentException">A value is null or not valid Unicode text.</exception>
    public JsonObject Encrypt(IReadOnlyDictionary<string, string> credentials) =>
        new() { [EnvelopeProperty] = EncryptToV1String(credentials) };

    /// <summary>The bare <c>"v1:&lt;iv&gt;:&lt;tag&gt;:&lt;ciphertext&gt;"</c> text (what the envelope's <c>enc</c> holds).</summary>
    internal string EncryptToV1String(IReadOnlyDictionary<string, string> credentials)
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

        using var plaintext = new SensitiveBufferWriter();
        using (var writer = new Utf8JsonWriter(plaintext, PlaintextWriterOptions))
        {
            JsonSerializer.Serialize(writer, credentials, CredentialsJsonContext.Default.IReadOnlyDictionaryStringString);
        }

        var iv = RandomNumberGenerator.GetBytes(IvLength);
        var tag = new byte[TagLength];
        var ciphertext = new byte[plaintext.WrittenSpan.Length];
        using (var aes = new AesGcm(_keys[0], TagLength))
        {
            aes.Encrypt(iv, plaintext.WrittenSpan, ciphertext, tag);
        }

        return string.Concat(CredentialsFormatClassifier.V1Prefix, Convert.ToBase64String(iv), ":", Convert.ToBase64String(tag), ":", Convert.ToBase64String(ciphertext));
    }

    /// <summary>
    /// Reads a stored credentials value (the raw json field): a v1 envelope or legacy <c>"v1:..."</c> string is
    /// decrypted with the current key, then each previous key; legacy plaintext (an object of strings without
    /// <c>enc</c>, a string holding such an object's JSON text, or any other non-empty string, read as
    /// <see cref="LegacyStringField"/>) is returned as it is. Null, "" and {} give an empty result of format None.
    /// A string holding an envelope's JSON text (<c>"{\"enc\":\"v1:...\"}"</c>, double-encoded) is opened like the
    /// envelope, not mistaken for plaintext, and reported as legacy plaintext so that it gets rewritten.
    /// </summary>
    /// <exception cref="UnreadableCredentialsException">The value cannot be read; its <see cref="UnreadableCredentialsException.Status"/> says why.</exception>
    public OpenedCredentials Decrypt(JsonElement? stored)
    {
        var format = CredentialsFormatClassifier.Classify(stored);
        if (format == CredentialsFormat.None)
        {
            return new OpenedCredentials(format, new Dictionary<string, string>(StringComparer.Ordinal), [], null, false);
        }

        var value = stored!.Value;
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when format == CredentialsFormat.V1:
                return DecryptEnvelope(value, format);
            case JsonValueKind.Object:
                return ReadPlaintextObject(value, format, "The stored legacy plaintext credentials");
            case JsonValueKind.String when format == CredentialsFormat.LegacyEncrypted:
                return DecryptV1String(value.GetString()!, format);
            case JsonValueKind.String:
                return ReadPlaintextString(value.GetString()!, format);
            default:
                throw new UnreadableCredentialsException(CredentialsCheckOutcome.InvalidPlaintext,
                    $"The stored credentials are {ArgumentRules.Describe(value.ValueKind)}, not a JSON object of strings. Set them again (credentials are an object of strings).");
        }
    }

    /// <summary>
    /// Like <see cref="Decrypt"/>, but never throws for bad data: it reports a status and a safe message, and on
    /// success the field names (never the values) and the key that opened the value.
    /// </summary>
    public CredentialsCheck Verify(JsonElement? stored)
    {
        var format = CredentialsFormatClassifier.Classify(stored);
        try
        {
            var result = Decrypt(stored);
            if (result.Format == CredentialsFormat.None)
            {
                return new CredentialsCheck(CredentialsCheckOutcome.NoCredentials, "No credentials are stored.", format, [], null, false);
            }

            var what = $"The stored credentials ({format.ToName()}, {result.FieldNames.Count} field(s))";
            var message = result.KeyFingerprint is null
                ? $"{what} are readable but not encrypted: encrypt them (legacy migration)."
                : $"{what} open with {(result.OpenedWithPreviousKey ? "previous" : "the current")} key {result.KeyFingerprint}"
                    + (result.OpenedWithPreviousKey ? "; re-encrypt them with the current key (rotation)."
                        : result.NeedsReencryption ? "; rewrite them as a v1 envelope (legacy migration)." : ".");
            return new CredentialsCheck(CredentialsCheckOutcome.Ok, message, format, result.FieldNames, result.KeyFingerprint, result.OpenedWithPreviousKey);
        }
        catch (UnreadableCredentialsException ex)
        {
            return new CredentialsCheck(ex.Status, ex.Message, format, [], null, false);
        }
    }

    private OpenedCredentials DecryptEnvelope(JsonElement envelope, CredentialsFormat format)
    {
        var enc = envelope.GetProperty(EnvelopeProperty);
        if (enc.ValueKind != JsonValueKind.String)
        {
            throw Malformed($"\"{EnvelopeProperty}\" is {ArgumentRules.Describe(enc.ValueKind)}, not a \"v1:...\" string");
        }

        var text = enc.GetString()!;
        if (!text.StartsWith(CredentialsFormatClassifier.V1Prefix, StringComparison.Ordinal))
        {
            throw Malformed($"\"{EnvelopeProperty}\" does not start with \"{CredentialsFormatClassifier.V1Prefix}\" (unknown format version, or not an envelope)");
        }

        return DecryptV1String(text, format);
    }

    private OpenedCredentials DecryptV1String(string text, CredentialsFormat format)
    {
        var parts = text[CredentialsFormatClassifier.V1Prefix.Length..].Split(':');
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

        var plaintext = GC.AllocateArray<byte>(ciphertext.Length, pinned: true);
        try
        {
            for (var i = 0; i < _keys.Length; i++)
            {
                try
                {
                    using var aes = new AesGcm(_keys[i], TagLength);
                    aes.Decrypt(iv, ciphertext, tag, plaintext);
                }
                catch (CryptographicException)
                {
                    continue; // tag mismatch: another key, or altered data; try the next key
                }

                var fingerprint = _fingerprints[i];
                var (credentials, names) = ParseObjectOfStrings(plaintext, $"The stored credentials opened with key {fingerprint} but");
                return new OpenedCredentials(format, credentials, names, fingerprint, i > 0);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        var tried = _keys.Length == 1
            ? $"the current key {_fingerprints[0]}"
            : $"{_keys.Length} keys: current {_fingerprints[0]}, previous {string.Join(", ", _fingerprints.Skip(1))}";
        throw new UnreadableCredentialsException(CredentialsCheckOutcome.KeyMismatchOrTampered,
            $"The stored credentials do not open with any configured key (tried {tried}): they were encrypted with a key that is not configured, "
            + $"or the stored value was altered. Add the key that encrypted them to {CredentialKeyring.PreviousKeysVariable}, or set the credentials again.");
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

    private OpenedCredentials ReadPlaintextString(string text, CredentialsFormat format)
    {
        if (text.AsSpan().TrimStart().StartsWith('{'))
        {
            JsonDocument? document = null;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException)
            {
                // Not JSON object text after all: a plain string.
            }

            if (document is not null)
            {
                using (document)
                {
                    var root = document.RootElement;
                    if (root.TryGetProperty(EnvelopeProperty, out _))
                    {
                        return DecryptEnvelope(root, format);
                    }

                    return ReadPlaintextObject(root, format, "The stored legacy plaintext credentials (JSON object text in a string)");
                }
            }
        }

        var credentials = new Dictionary<string, string>(StringComparer.Ordinal) { [LegacyStringField] = text };
        return new OpenedCredentials(format, credentials, [LegacyStringField], null, false);
    }

    private static OpenedCredentials ReadPlaintextObject(JsonElement value, CredentialsFormat format, string what)
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

        return new OpenedCredentials(format, credentials, names, null, false);
    }

    /// <summary>Reads decrypted UTF-8 JSON as an object of strings. Parser messages are never passed on: they can quote the text.</summary>
    private static (Dictionary<string, string> Credentials, List<string> Names) ParseObjectOfStrings(ReadOnlySpan<byte> utf8, string what)
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

    private static UnreadableCredentialsException Malformed(string detail) =>
        new(CredentialsCheckOutcome.MalformedEnvelope, $"The stored credentials envelope is malformed: {detail}. Set the credentials again.");

    private static UnreadableCredentialsException NotObjectOfStrings(string what, string detail) =>
        new(CredentialsCheckOutcome.InvalidPlaintext, $"{what} are not a JSON object of strings: {detail}. Set the credentials again.");
}
