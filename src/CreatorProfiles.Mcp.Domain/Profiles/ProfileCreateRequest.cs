namespace CreatorProfiles.Mcp.Domain.Profiles;

/// <summary>Raw arguments of create_creator_profile (credentials travel separately, already encrypted).</summary>
public sealed record ProfileCreateRequest(string? Platform, string? Username, string? UserId = null, bool? IsActive = null);
