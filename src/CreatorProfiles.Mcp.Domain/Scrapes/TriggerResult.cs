namespace CreatorProfiles.Mcp.Domain.Scrapes;

/// <summary>What trigger_scrape did (docs/tools.md). <see cref="Message"/> says it in a sentence with the next step.</summary>
/// <param name="Outcome">One of <see cref="TriggerOutcomes"/>.</param>
/// <param name="JobId">job_queued / already_queued: the profile's active job.</param>
/// <param name="JobStatus">already_queued: queued or running.</param>
/// <param name="HitlSessionId">hitl_required: the pending human-login request (created now or reused).</param>
/// <param name="NextAllowedAt">cooldown: when a scrape is allowed again without force.</param>
/// <param name="ResolvedHitlSessionId">job_queued / already_queued: a pending HITL request this call marked resolved,
/// because valid cookies exist now.</param>
public sealed record TriggerResult(
    string Outcome,
    string ProfileId,
    string Message,
    string? JobId = null,
    string? JobStatus = null,
    string? HitlSessionId = null,
    DateTimeOffset? NextAllowedAt = null,
    string? ResolvedHitlSessionId = null);

public static class TriggerOutcomes
{
    public const string JobQueued = "job_queued";
    public const string AlreadyQueued = "already_queued";
    public const string HitlRequired = "hitl_required";
    public const string Cooldown = "cooldown";
    public const string Inactive = "inactive";
    public static readonly IReadOnlyList<string> All = [JobQueued, AlreadyQueued, HitlRequired, Cooldown, Inactive];
}
