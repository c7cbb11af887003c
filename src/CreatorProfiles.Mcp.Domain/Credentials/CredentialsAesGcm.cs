using System.Security.Cryptography;

namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>
/// AES-256-GCM with the keyring: encrypts with the current key and a fresh random 12-byte nonce; decrypts with the
/// current key, then each previous key in order. Works on bytes only (the v1 text is <see cref="V1Envelope"/>'s job,
/// the plaintext JSON <see cref="CredentialsPlaintext"/>'s). Thread-safe: it keeps no state besides the keys.
/// </summary>
internal sealed class CredentialsAesGcm
{
    private readonly byte[][] _keys;
    private readonly string[] _fingerprints;

    public CredentialsAesGcm(CredentialKeyring keyring)
    {
        ArgumentNullException.ThrowIfNull(keyring);
        _keys = [keyring.Current, .. keyring.Previous];
        _fingerprints = [.. _keys.Select(k => CredentialKeyring.Fingerprint(k))];
    }

    /// <summary>Fingerprint of the current key, the one <see cref="Encrypt"/> uses.</summary>
    public string CurrentFingerprint => _fingerprints[0];

    /// <summary>Every key's fingerprint, the current one first, then the previous ones in the order they are tried.</summary>
    public IReadOnlyList<string> Fingerprints => _fingerprints;

    /// <summary>The fingerprint of the key at <paramref name="keyIndex"/> (0 = current, then the previous keys).</summary>
    public string Fingerprint(int keyIndex) => _fingerprints[keyIndex];

    /// <summary>A 32-byte key for another purpose, derived from the current key with HKDF-SHA256 (the purpose as info):
    /// the credentials key itself is never used for anything but AES-GCM. The caller zeroes it after use.</summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _keys[0], CredentialKeyring.KeyLength, salt: [], info: System.Text.Encoding.UTF8.GetBytes(purpose));

    /// <summary>Encrypts with the current key and a fresh random nonce (two calls with the same input differ).</summary>
    public V1Envelope.Parts Encrypt(ReadOnlySpan<byte> plaintext)
    {
        var iv = RandomNumberGenerator.GetBytes(V1Envelope.IvLength);
        var tag = new byte[V1Envelope.TagLength];
        var ciphertext = new byte[plaintext.Length];
        using (var aes = new AesGcm(_keys[0], V1Envelope.TagLength))
        {
            aes.Encrypt(iv, plaintext, ciphertext, tag);
        }

        return new V1Envelope.Parts(iv, tag, ciphertext);
    }

    /// <summary>
    /// Decrypts into <paramref name="plaintext"/> (as long as the ciphertext; the caller owns and zeroes it) with the
    /// first key whose tag matches, and returns that key's index (0 = current).
    /// </summary>
    /// <exception cref="UnreadableCredentialsException">No configured key authenticates the value (<see cref="CredentialsCheckOutcome.KeyMismatchOrTampered"/>).</exception>
    public int Decrypt(V1Envelope.Parts parts, Span<byte> plaintext)
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            try
            {
                using var aes = new AesGcm(_keys[i], V1Envelope.TagLength);
                aes.Decrypt(parts.Iv, parts.Ciphertext, parts.Tag, plaintext);
                return i;
            }
            catch (CryptographicException)
            {
                // Tag mismatch: another key, or altered data; try the next key.
            }
        }

        var tried = _keys.Length == 1
            ? $"the current key {_fingerprints[0]}"
            : $"{_keys.Length} keys: current {_fingerprints[0]}, previous {string.Join(", ", _fingerprints.Skip(1))}";
        throw new UnreadableCredentialsException(CredentialsCheckOutcome.KeyMismatchOrTampered,
            $"The stored credentials do not open with any configured key (tried {tried}): they were encrypted with a key that is not configured, "
            + $"or the stored value was altered. Add the key that encrypted them to {CredentialKeyring.PreviousKeysVariable}, or set the credentials again.");
    }
}
