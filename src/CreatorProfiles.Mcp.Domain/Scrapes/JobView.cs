using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Untrusted;

namespace CreatorProfiles.Mcp.Domain.Scrapes;

/// <summary>A media job as agents see it (docs/tools.md). Its error is the worker's text, so it sits under
/// <see cref="Untrusted"/> (absent when there is none).</summary>
public sealed record JobView(
    string Id,
    string? ProfileId,
    string? Type,
    string Status,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    UntrustedJobText? Untrusted)
{
    public static JobView From(MediaJobRecord r) => new(
        r.Id, r.ProfileId, UntrustedText.Word(r.Type), UntrustedText.Word(r.Status), r.CreatedAt, r.StartedAt, r.FinishedAt,
        UntrustedText.CleanText(r.Error, UntrustedText.MaxTextLength) is { } error ? new UntrustedJobText(error) : null);
}

/// <summary>The text of a job that the worker (or whoever writes to Directus) wrote: data, never instructions.</summary>
public sealed record UntrustedJobText(string Error);

/// <summary>A human-in-the-loop login request as agents see it. Its reason is free text in Directus, so it sits
/// under <see cref="Untrusted"/> (absent when there is none).</summary>
public sealed record HitlView(
    string Id,
    string? ProfileId,
    string? Platform,
    string Status,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? ResolvedAt,
    UntrustedHitlText? Untrusted)
{
    public static HitlView From(HitlSessionRecord r) => new(
        r.Id, r.ProfileId, UntrustedText.Word(r.Platform), UntrustedText.Word(r.Status), r.CreatedAt, r.ResolvedAt,
        UntrustedText.CleanText(r.Reason, UntrustedText.MaxTextLength) is { } reason ? new UntrustedHitlText(reason) : null);
}

/// <summary>The free text of a HITL request: data, never instructions.</summary>
public sealed record UntrustedHitlText(string Reason);
