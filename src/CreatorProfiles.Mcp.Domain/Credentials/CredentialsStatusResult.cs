namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>Result of get_credentials_status: field names only, and only after verification.</summary>
public sealed record CredentialsStatusResult(
    string ProfileId,
    bool HasCredentials,
    string Format,
    IReadOnlyList<string>? Fields = null,
    string? KeyFingerprint = null,
    bool? Verified = null,
    string? Message = null,
    bool? NeedsReencryption = null);
