namespace CreatorProfiles.Mcp.Domain.Profiles;

/// <summary>Raw arguments of list_creator_profiles, exactly as the agent sent them; the service validates.</summary>
public sealed record ProfileListRequest(
    string? Platform = null,
    string? ScrapeStatus = null,
    bool? IsActive = null,
    string? UserId = null,
    int? Limit = null,
    string? Cursor = null);
