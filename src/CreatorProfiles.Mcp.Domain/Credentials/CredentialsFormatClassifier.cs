using System.Text.Json;

namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>Tells how a stored credentials value is kept without decrypting it, and names each format as tool
/// results and reports spell it (<c>none</c>, <c>v1</c>, <c>legacy_encrypted</c>, <c>legacy_plaintext</c>).</summary>
public static class CredentialsFormatClassifier
{
    public static readonly IReadOnlyList<string> AllNames = ["none", "v1", "legacy_encrypted", "legacy_plaintext"];

    public static string ToName(this CredentialsFormat format) => format switch
    {
        CredentialsFormat.None => "none",
        CredentialsFormat.V1 => "v1",
        CredentialsFormat.LegacyEncrypted => "legacy_encrypted",
        _ => "legacy_plaintext",
    };

    /// <summary>The two forms only <c>credentials migrate-legacy</c> should still have to read.</summary>
    public static bool IsLegacy(this CredentialsFormat format) =>
        format is CredentialsFormat.LegacyEncrypted or CredentialsFormat.LegacyPlaintext;

    /// <summary>
    /// Classifies a stored json value without decrypting it: <c>{"enc": ...}</c> is v1; a string starting with
    /// <c>v1:</c> is the unwrapped legacy form; any other string, or an object without <c>enc</c>, is legacy
    /// plaintext. Null, an empty string and an empty object hold nothing.
    /// </summary>
    public static CredentialsFormat Classify(JsonElement? stored)
    {
        if (stored is not { } value)
        {
            return CredentialsFormat.None;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Undefined or JsonValueKind.Null => CredentialsFormat.None,
            JsonValueKind.String => value.GetString() switch
            {
                null or "" => CredentialsFormat.None,
                var s when s.StartsWith(V1Envelope.Prefix, StringComparison.Ordinal) => CredentialsFormat.LegacyEncrypted,
                _ => CredentialsFormat.LegacyPlaintext,
            },
            JsonValueKind.Object when value.TryGetProperty(V1Envelope.Property, out _) => CredentialsFormat.V1,
            JsonValueKind.Object when !value.EnumerateObject().Any() => CredentialsFormat.None,
            _ => CredentialsFormat.LegacyPlaintext,
        };
    }
}
