namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>
/// What <see cref="CredentialsDecryptService.DecryptAsync"/> answers a <see cref="DecryptRequest"/>: plaintext credentials
/// for a caller allowed to have them (the host writes it out as its own response body). <see cref="Credentials"/> holds
/// the VALUES: the endpoint writes them into its answer and nowhere else. <see cref="ToString"/> shows names, format and key only.
/// </summary>
public sealed record DecryptAnswer
{
    public required string Format { get; init; }
    public required IReadOnlyDictionary<string, string> Credentials { get; init; }

    /// <summary>Fingerprint of the key that opened the value; null when it was not encrypted (legacy plaintext, none).</summary>
    public string? KeyFingerprint { get; init; }

    /// <summary>"current" or "previous" (a key from CREDENTIALS_ENC_PREVIOUS_KEYS_B64); null when not encrypted.</summary>
    public string? Key { get; init; }

    /// <summary>Readable, but should be rewritten as a v1 envelope under the current key (legacy, or a previous key).</summary>
    public bool NeedsReencryption { get; init; }

    /// <summary>Set when a profile's stored value was read.</summary>
    public string? ProfileId { get; init; }

    /// <summary><see cref="DecryptSources"/>, when a profile's stored value was read.</summary>
    public string? Source { get; init; }

    /// <summary>The platform_sessions row the cookies came from, and its expiry (null = never).</summary>
    public string? SessionId { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public override string ToString() =>
        $"{Format}, {Credentials.Count} field(s) [{string.Join(", ", Credentials.Keys)}]{(KeyFingerprint is null ? "" : $", key {KeyFingerprint} ({Key})")}";
}
