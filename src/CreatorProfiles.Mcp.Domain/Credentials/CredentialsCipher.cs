using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain.Validation;

namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>
/// The entry point for credentials encryption (the v1 format, docs/credentials.md): encrypts with the keyring's current
/// key to <c>{"enc": "v1:&lt;iv&gt;:&lt;tag&gt;:&lt;ciphertext&gt;"}</c>, and reads every stored form (v1 envelope,
/// legacy <c>"v1:..."</c> string, legacy plaintext) trying the current key, then each previous key in order. It
/// composes <see cref="V1Envelope"/> (the text format), <see cref="CredentialsAesGcm"/> (keys and AES-256-GCM),
/// <see cref="CredentialsPlaintext"/> (the JSON object of strings inside) and <see cref="LegacyCredentialsReader"/>.
/// </summary>
/// <remarks>
/// Plaintext bytes live in pinned buffers that are zeroed after use; the strings a caller passes in or gets back
/// cannot be zeroed (.NET strings are immutable), so keep them short-lived. No message produced here contains a
/// credential value, ciphertext or key material: failures name the part that is wrong, a field name at most, and
/// key fingerprints. The class is thread-safe (it keeps no state besides the keys).
/// </remarks>
public sealed class CredentialsCipher
{
    public const string EnvelopeProperty = V1Envelope.Property;

    /// <summary>
    /// The one field a legacy plaintext string that is not JSON object text is read as: the stored
    /// <c>"user:secret"</c> comes back as <c>{"value": "user:secret"}</c>, so every readable value is an object of
    /// strings and re-encrypting it (legacy migration) keeps the text intact under a stable name.
    /// </summary>
    public const string LegacyStringField = "value";

    /// <summary>The switch that turns the legacy forms off once they are migrated (docs/credentials.md).</summary>
    public const string AcceptLegacyVariable = "CREDENTIALS_ACCEPT_LEGACY";

    public static readonly string LegacyRefusedMessage =
        $"The stored value is in a legacy form (plaintext or a bare \"v1:...\" string), which this server refuses ({AcceptLegacyVariable}=false). " +
        $"An operator rewrites legacy values as v1 envelopes with `credentials migrate-legacy` (or sets {AcceptLegacyVariable}=true); " +
        "for one profile, setting its credentials again (for cookies: a new login) also fixes it.";

    private readonly CredentialsAesGcm _aes;

    /// <param name="keyring">The keys.</param>
    /// <param name="acceptLegacy">False: the legacy forms are refused (<see cref="CredentialsCheckOutcome.LegacyRefused"/>)
    /// instead of read. The maintenance commands keep the default: rewriting legacy values is their job.</param>
    public CredentialsCipher(CredentialKeyring keyring, bool acceptLegacy = true)
    {
        _aes = new CredentialsAesGcm(keyring);
        AcceptsLegacy = acceptLegacy;
    }

    /// <summary>Whether the legacy forms (plaintext, bare <c>"v1:..."</c> strings) are read.</summary>
    public bool AcceptsLegacy { get; }

    /// <summary>Fingerprint of the current key, the one <see cref="Encrypt"/> uses.</summary>
    public string KeyFingerprint => _aes.CurrentFingerprint;

    /// <summary>A key for another purpose (e.g. sealing state handed to a client), derived from the current key; the
    /// caller zeroes it after use. Every replica with the same key derives the same one.</summary>
    public byte[] DeriveKey(string purpose) => _aes.DeriveKey(purpose);

    /// <summary>Every configured key's fingerprint: the current one first, then the previous ones in the order tried.</summary>
    public IReadOnlyList<string> KeyFingerprints => _aes.Fingerprints;

    /// <summary>
    /// Encrypts a credentials object to the stored envelope <c>{"enc": "v1:..."}</c> with the current key and a
    /// fresh random 12-byte nonce (two calls with the same input give different envelopes).
    /// </summary>
    /// <exception cref="InvalidArgumentException">A value is null or not valid Unicode text.</exception>
    public JsonObject Encrypt(IReadOnlyDictionary<string, string> credentials)
    {
        using var plaintext = CredentialsPlaintext.Write(credentials);
        return V1Envelope.Wrap(V1Envelope.Format(_aes.Encrypt(plaintext.WrittenSpan)));
    }

    /// <summary>
    /// Reads a stored credentials value (the raw json field): a v1 envelope or legacy <c>"v1:..."</c> string is
    /// decrypted with the current key, then each previous key; legacy plaintext (an object of strings without
    /// <c>enc</c>, a string holding such an object's JSON text, or any other non-empty string, read as
    /// <see cref="LegacyStringField"/>) is returned as it is. Null, "" and {} give an empty result of format None.
    /// A string holding an envelope's JSON text (<c>"{\"enc\":\"v1:...\"}"</c>, double-encoded) is opened like the
    /// envelope, not mistaken for plaintext, and reported as legacy plaintext so that it gets rewritten.
    /// With <see cref="AcceptsLegacy"/> off, every legacy form is refused before it is looked at.
    /// </summary>
    /// <exception cref="UnreadableCredentialsException">The value cannot be read; its <see cref="UnreadableCredentialsException.Status"/> says why.</exception>
    public OpenedCredentials Decrypt(JsonElement? stored)
    {
        var format = CredentialsFormatClassifier.Classify(stored);
        if (format == CredentialsFormat.None)
        {
            return new OpenedCredentials(format, new Dictionary<string, string>(StringComparer.Ordinal), [], null, false);
        }

        if (!AcceptsLegacy && format.IsLegacy())
        {
            throw new UnreadableCredentialsException(CredentialsCheckOutcome.LegacyRefused, LegacyRefusedMessage);
        }

        var value = stored!.Value;
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when format == CredentialsFormat.V1:
                return DecryptV1(V1Envelope.Unwrap(value), format);
            case JsonValueKind.Object:
                return LegacyCredentialsReader.ReadObject(value, format);
            case JsonValueKind.String when format == CredentialsFormat.LegacyEncrypted:
                return DecryptV1(value.GetString()!, format);
            case JsonValueKind.String:
                return LegacyCredentialsReader.ReadString(value.GetString()!, format, envelope => DecryptV1(V1Envelope.Unwrap(envelope), format));
            default:
                throw new UnreadableCredentialsException(CredentialsCheckOutcome.InvalidPlaintext,
                    $"The stored credentials are {ArgumentRules.Describe(value.ValueKind)}, not a JSON object of strings. Set them again (credentials are an object of strings).");
        }
    }

    /// <summary>
    /// Like <see cref="Decrypt"/>, but never throws for bad data: it reports an outcome and a safe message, and on
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

    /// <summary>Opens <c>"v1:..."</c> text: parse, decrypt into a pinned buffer, read the object of strings, zero the buffer.</summary>
    private OpenedCredentials DecryptV1(string text, CredentialsFormat format)
    {
        var parts = V1Envelope.Parse(text);
        var plaintext = GC.AllocateArray<byte>(parts.Ciphertext.Length, pinned: true);
        try
        {
            var keyIndex = _aes.Decrypt(parts, plaintext);
            var fingerprint = _aes.Fingerprint(keyIndex);
            var (credentials, names) = CredentialsPlaintext.Parse(plaintext, $"The stored credentials opened with key {fingerprint} but");
            return new OpenedCredentials(format, credentials, names, fingerprint, keyIndex > 0);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
