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
    string? IdentityKey,
    IReadOnlyList<MediaJobRecord>? MediaJobs = null,
    IReadOnlyList<HitlSessionRecord>? HitlSessions = null,
    IReadOnlyList<PlatformSessionRecord>? PlatformSessions = null);

/// <summary>A <c>media_jobs</c> row.</summary>
public sealed record MediaJobRecord(
    string Id,
    string? ProfileId,
    string? Type,
    string Status,
    string? ActiveKey,
    string? Error,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt);

/// <summary>A <c>hitl_sessions</c> row.</summary>
public sealed record HitlSessionRecord(
    string Id,
    string? ProfileId,
    string? UserId,
    string? Platform,
    string Status,
    string? ActiveKey,
    string? Reason,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? ResolvedAt);

/// <summary>A <c>platform_sessions</c> row as far as this server reads it: never the cookies, only their expiry.</summary>
public sealed record PlatformSessionRecord(string? Id, DateTimeOffset? ExpiresAt);

/// <summary>A <c>platform_sessions</c> row WITH its cookies (the raw stored json value): read only by the decrypt
/// endpoint's domain service, for callers whose role may decrypt. The value never leaves the domain layer except as
/// that endpoint's answer.</summary>
public sealed record SessionCookiesRecord(string Id, string? ProfileId, JsonElement? Cookies, DateTimeOffset? ExpiresAt, DateTimeOffset? CreatedAt);

/// <summary>The <c>media_jobs</c> row a decrypt names, with its profile expanded (<see cref="DecryptJobProfile"/>):
/// read only by the decrypt endpoint's domain service.</summary>
public sealed record DecryptJobRecord(string Id, string? Status, DecryptJobProfile? ProfileId);

/// <summary>A decrypt job's profile: its id and, as selected, the stored credentials or the newest unexpired cookie row.</summary>
public sealed record DecryptJobProfile(string Id, JsonElement? Credentials = null, IReadOnlyList<SessionCookiesRecord>? PlatformSessions = null);

/// <summary>One row of an aggregate query: the group-by values and <c>count</c> (a number, or text on some databases).</summary>
public sealed record AggregateRow(
    string? Platform,
    string? ScrapeStatus,
    bool? IsActive,
    JsonElement? Count);

/// <summary>A <c>scraped_media</c> row. <see cref="Url"/> and <see cref="Caption"/> are third-party text: the domain
/// sanitises and fences them before any agent sees them.</summary>
public sealed record ScrapedMediaRecord(
    string Id,
    string? ProfileId,
    string? JobId,
    string? MediaType,
    string? Url,
    string? Caption,
    DateTimeOffset? PostedAt,
    DateTimeOffset? CreatedAt);
