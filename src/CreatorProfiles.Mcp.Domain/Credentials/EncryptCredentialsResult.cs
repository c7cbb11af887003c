namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>Result of encrypt_credentials: the ciphertext envelope text (<c>v1:...</c>) and the key it was made with.</summary>
public sealed record EncryptCredentialsResult(string Enc, string KeyFingerprint);
