using System.Text.Json;

namespace CreatorProfiles.Mcp.Directus;

/// <summary>A <c>creator_profiles</c> row as Directus returns it. <see cref="Credentials"/> is the raw stored json
/// value (envelope, legacy string or null); it never leaves the domain layer.</summary>
public sealed record ProfileRecord(
    string Id,
    string? UserId,
    string Platform,
    string Username,
    JsonElement? Credentials,
    string ScrapeStatus,
    DateTimeOffset? LastScrapedAt,
    string? LastError,
    bool IsActive,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    string? IdentityKey);
