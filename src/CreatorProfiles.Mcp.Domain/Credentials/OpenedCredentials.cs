namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>
/// A stored credentials value, read. <see cref="Credentials"/> holds the VALUES: keep them in memory for the
/// operation that needs them and never log, return or put them into a message. <see cref="ToString"/> shows the
/// format, the field names and the key fingerprint only.
/// </summary>
public sealed class OpenedCredentials
{
    internal OpenedCredentials(CredentialsFormat format, Dictionary<string, string> credentials, IReadOnlyList<string> fieldNames, string? keyFingerprint, bool openedWithPreviousKey)
    {
        Format = format;
        Credentials = credentials;
        FieldNames = fieldNames;
        KeyFingerprint = keyFingerprint;
        OpenedWithPreviousKey = openedWithPreviousKey;
    }

    /// <summary>How the value was stored (<see cref="CredentialsFormatClassifier.Classify"/>).</summary>
    public CredentialsFormat Format { get; }

    /// <summary>The credentials, name to value. Empty when <see cref="Format"/> is None. A legacy plaintext string
    /// that is not JSON object text comes back as one field, <see cref="CredentialsCipher.LegacyStringField"/>.</summary>
    public IReadOnlyDictionary<string, string> Credentials { get; }

    /// <summary>The field names in stored order (safe to show).</summary>
    public IReadOnlyList<string> FieldNames { get; }

    /// <summary>Fingerprint of the key that opened the value; null when it was not encrypted.</summary>
    public string? KeyFingerprint { get; }

    /// <summary>True when a previous key (not the current one) opened the value.</summary>
    public bool OpenedWithPreviousKey { get; }

    /// <summary>Readable, but should be rewritten as a v1 envelope under the current key.</summary>
    public bool NeedsReencryption => Format is CredentialsFormat.LegacyEncrypted or CredentialsFormat.LegacyPlaintext || OpenedWithPreviousKey;

    public override string ToString() =>
        $"{Format.ToName()}, {FieldNames.Count} field(s) [{string.Join(", ", FieldNames)}]{(KeyFingerprint is null ? "" : $", key {KeyFingerprint}{(OpenedWithPreviousKey ? " (previous)" : "")}")}";
}
