namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>
/// Gives the credentials cipher when a key is configured. Credential features ask for it when they run, so the
/// server starts (and every other tool works) without a key; only the credential features refuse.
/// </summary>
public sealed class CredentialsCipherProvider
{
    public static readonly string NotConfiguredMessage =
        $"Credential features are off: set {CredentialKeyring.CurrentKeyVariable} (base64 of 32 random bytes, e.g. openssl rand -base64 32) and restart the server.";

    private readonly CredentialsCipher? _cipher;

    /// <param name="keyring">The keys, or null when none is configured.</param>
    /// <param name="acceptLegacy">CREDENTIALS_ACCEPT_LEGACY: false refuses the legacy forms everywhere the server reads
    /// a value (tools, endpoints), with or without a key.</param>
    public CredentialsCipherProvider(CredentialKeyring? keyring, bool acceptLegacy = true)
    {
        _cipher = keyring is null ? null : new CredentialsCipher(keyring, acceptLegacy);
        AcceptsLegacy = acceptLegacy;
    }

    /// <summary>Whether legacy forms are read (CREDENTIALS_ACCEPT_LEGACY); known without a key.</summary>
    public bool AcceptsLegacy { get; }

    /// <summary>True when CREDENTIALS_ENC_KEY_B64 is set (and valid: a malformed key stops the server at start).</summary>
    public bool IsConfigured => _cipher is not null;

    /// <summary>The cipher.</summary>
    /// <exception cref="DomainException">No key is configured; the message says how to set one.</exception>
    public CredentialsCipher GetCipher() => _cipher ?? throw new DomainException(NotConfiguredMessage);
}
