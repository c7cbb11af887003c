using System.ComponentModel;

namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>Result of get_credentials_status: field names only, and only after verification. <see cref="Status"/> is
/// what reading found: always with verify, and without it when the stored form is refused anyway (legacy_refused).</summary>
public sealed record CredentialsStatusResult(
    string ProfileId,
    bool HasCredentials,
    string Format,
    IReadOnlyList<string>? Fields = null,
    string? KeyFingerprint = null,
    bool? Verified = null,
    [property: Description("ok, no_credentials, legacy_refused (this server refuses legacy forms), or why the value cannot be read.")] string? Status = null,
    string? Message = null,
    bool? NeedsReencryption = null);
