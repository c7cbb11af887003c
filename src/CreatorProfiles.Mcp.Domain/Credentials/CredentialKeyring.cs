using System.Security.Cryptography;

namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>
/// The AES-256 keys: the current one (CREDENTIALS_ENC_KEY_B64) encrypts; it and then the previous ones
/// (CREDENTIALS_ENC_PREVIOUS_KEYS_B64) are tried to decrypt. Error messages describe a bad key, never quote it.
/// </summary>
public sealed class CredentialKeyring
{
    public const int KeyLength = 32;
    public const string CurrentKeyVariable = "CREDENTIALS_ENC_KEY_B64";
    public const string PreviousKeysVariable = "CREDENTIALS_ENC_PREVIOUS_KEYS_B64";

    private CredentialKeyring(byte[] current, IReadOnlyList<byte[]> previous)
    {
        Current = current;
        Previous = previous;
    }

    public byte[] Current { get; }
    public IReadOnlyList<byte[]> Previous { get; }

    /// <summary>First 8 hex characters of SHA-256 of the key bytes: safe to show, enough to tell keys apart.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> key) => Convert.ToHexStringLower(SHA256.HashData(key))[..8];

    public string CurrentFingerprint => Fingerprint(Current);

    /// <summary>Parses both variables. Returns null with <paramref name="error"/> set when either is malformed.</summary>
    public static CredentialKeyring? TryParse(string currentB64, string? previousB64, out string? error)
    {
        if (!TryDecodeKey(currentB64, CurrentKeyVariable, out var current, out error))
        {
            return null;
        }

        var previous = new List<byte[]>();
        var parts = (previousB64 ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryDecodeKey(parts[i], $"{PreviousKeysVariable} (entry {i + 1})", out var key, out error))
            {
                return null;
            }

            previous.Add(key);
        }

        error = null;
        return new CredentialKeyring(current, previous);
    }

    /// <summary>32 random bytes take about 30 distinct values; fewer than 16 happens by chance with a probability far
    /// below 1e-20, so such a key was typed or derived (all zeros, a repeated pattern), not generated.</summary>
    private const int MinDistinctBytes = 16;

    private static bool TryDecodeKey(string text, string name, out byte[] key, out string? error)
    {
        key = [];
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            error = $"{name} is not valid standard base64. Generate a key with: openssl rand -base64 32";
            return false;
        }

        if (bytes.Length != KeyLength)
        {
            error = $"{name} decodes to {bytes.Length} bytes; AES-256 needs exactly {KeyLength}. Generate a key with: openssl rand -base64 32";
            CryptographicOperations.ZeroMemory(bytes);
            return false;
        }

        if (bytes.Distinct().Count() < MinDistinctBytes)
        {
            // Never echoed, not even in part: the message says what kind of value it is, not which.
            error = $"{name} is not a random key (its {KeyLength} bytes take fewer than {MinDistinctBytes} distinct values, e.g. all zeros). Generate a key with: openssl rand -base64 32";
            CryptographicOperations.ZeroMemory(bytes);
            return false;
        }

        key = bytes;
        error = null;
        return true;
    }
}
