using System.Text.Json;

namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>
/// Reads the legacy plaintext forms a stored value may still have: an object of strings without <c>enc</c>, a string
/// holding such an object's JSON text, or any other non-empty string (read as the one field
/// <see cref="CredentialsCipher.LegacyStringField"/>). A string holding an envelope's JSON text
/// (<c>"{\"enc\":\"v1:...\"}"</c>, double-encoded) is handed back to be opened like the envelope.
/// </summary>
internal static class LegacyCredentialsReader
{
    /// <summary>Reads a stored object of strings that has no <c>enc</c>.</summary>
    public static OpenedCredentials ReadObject(JsonElement value, CredentialsFormat format) =>
        Opened(CredentialsPlaintext.Read(value, "The stored legacy plaintext credentials"), format);

    /// <summary>Reads a stored plaintext string; <paramref name="openEnvelope"/> opens the envelope a string may hold
    /// as JSON text.</summary>
    public static OpenedCredentials ReadString(string text, CredentialsFormat format, Func<JsonElement, OpenedCredentials> openEnvelope)
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
                    if (root.TryGetProperty(V1Envelope.Property, out _))
                    {
                        return openEnvelope(root);
                    }

                    return Opened(CredentialsPlaintext.Read(root, "The stored legacy plaintext credentials (JSON object text in a string)"), format);
                }
            }
        }

        var credentials = new Dictionary<string, string>(StringComparer.Ordinal) { [CredentialsCipher.LegacyStringField] = text };
        return new OpenedCredentials(format, credentials, [CredentialsCipher.LegacyStringField], null, false);
    }

    private static OpenedCredentials Opened((Dictionary<string, string> Credentials, List<string> Names) read, CredentialsFormat format) =>
        new(format, read.Credentials, read.Names, null, false);
}
