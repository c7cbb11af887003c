namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>Result of set_profile_credentials: never the values.</summary>
public sealed record SetProfileCredentialsResult(string ProfileId, string Format, IReadOnlyList<string> Fields, string KeyFingerprint);
