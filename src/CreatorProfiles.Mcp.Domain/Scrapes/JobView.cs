using CreatorProfiles.Mcp.Directus;

namespace CreatorProfiles.Mcp.Domain.Scrapes;

/// <summary>A media job as agents see it (docs/tools.md).</summary>
public sealed record JobView(
    string Id,
    string? ProfileId,
    string? Type,
    string Status,
    string? Error,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    public static JobView From(MediaJobRecord r) => new(r.Id, r.ProfileId, r.Type, r.Status, r.Error, r.CreatedAt, r.StartedAt, r.FinishedAt);
}

/// <summary>A human-in-the-loop login request as agents see it.</summary>
public sealed record HitlView(
    string Id,
    string? ProfileId,
    string? Platform,
    string Status,
    string? Reason,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? ResolvedAt)
{
    public static HitlView From(HitlSessionRecord r) => new(r.Id, r.ProfileId, r.Platform, r.Status, r.Reason, r.CreatedAt, r.ResolvedAt);
}
