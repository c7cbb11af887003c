using System.Globalization;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Auditing;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Profiles;
using CreatorProfiles.Mcp.Domain.Untrusted;
using CreatorProfiles.Mcp.Domain.Validation;
using Microsoft.Extensions.Options;
using HitlFields = CreatorProfiles.Mcp.Directus.DirectusSchema.HitlSessions;
using JobFields = CreatorProfiles.Mcp.Directus.DirectusSchema.MediaJobs;
using ProfileFields = CreatorProfiles.Mcp.Directus.DirectusSchema.Profiles;

namespace CreatorProfiles.Mcp.Domain.Scrapes;

/// <summary>
/// trigger_scrape: queues a scrape exactly once, or opens a human-login (HITL) request when no valid cookies exist.
/// Exactly-once rests on the UNIQUE active_key columns: the job claim and the profile's flip to scraping are ONE nested
/// insert, so any number of agents and server replicas produce one job, and a loser of the race learns the winner's job
/// id. Another user's profile does not exist for a non-admin caller (<see cref="Ownership"/>).
/// </summary>
public sealed class ScrapeTriggerService(
    IDirectusApi directus,
    ICallerAccessor callers,
    ProfileService profiles,
    IOptions<CreatorProfilesOptions> options,
    TimeProvider clock)
{
    public const string ScrapeJobType = "scrape_profile";

    private readonly CreatorProfilesOptions _options = options.Value;

    /// <summary>
    /// Queues a scrape, or says why not. Directus round trips: 1 for inactive, cooldown, already_queued (seen in the read)
    /// and a reused HITL request; 2 for job_queued (read + nested insert, which also resolves a pending HITL request) and
    /// a new HITL request; at most 4 when another caller wins the race (read, refused insert, look-up, HITL resolution).
    /// </summary>
    public async Task<TriggerResult> TriggerScrapeAsync(string? id, bool? force, CancellationToken cancellationToken)
    {
        var profileId = ArgumentRules.Uuid(id, "id");
        var caller = await callers.GetCallerAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var profile = await profiles.GetVisibleAsync(profileId, caller, DirectusSchema.Selections.ProfileTrigger, DirectusSchema.Selections.TriggerDeep(now), cancellationToken);

        if (!_options.SupportedPlatforms.Contains(profile.Platform, StringComparer.Ordinal))
        {
            throw new DomainException(
                $"Profile {profileId} is on platform {ArgumentRules.Quote(UntrustedText.Word(profile.Platform))}, which this server does not support " +
                $"(supported: {string.Join(", ", _options.SupportedPlatforms)}). Nothing was queued.");
        }

        if (!profile.IsActive)
        {
            return new TriggerResult(TriggerOutcomes.Inactive, profileId,
                "The profile is inactive (not monitored), so nothing was queued. If the user wants it scraped, call " +
                "set_profile_active with is_active=true first, then trigger_scrape again.");
        }

        var cooldown = _options.CooldownFor(profile.Platform);
        if (force != true && profile.LastScrapedAt is { } last && last + cooldown > now)
        {
            var next = last + cooldown;
            return new TriggerResult(TriggerOutcomes.Cooldown, profileId,
                $"Scraped at {Show(last)}; the {profile.Platform} cooldown is {Show(cooldown)}, so the next scrape is allowed at " +
                $"{Show(next)} (next_allowed_at). Nothing was queued. Use force=true only if the user explicitly asks to scrape now.",
                NextAllowedAt: next);
        }

        var pendingHitl = profile.HitlSessions is [var hitl, ..] ? hitl : null;
        return profile.PlatformSessions is { Count: > 0 }
            ? await QueueAsync(profile, pendingHitl, now, cancellationToken)
            : await RequireHitlAsync(profile, pendingHitl, cancellationToken);
    }

    private async Task<TriggerResult> QueueAsync(ProfileRecord profile, HitlSessionRecord? pendingHitl, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (profile.MediaJobs is [var active, ..])
        {
            return await AlreadyQueuedAsync(profile.Id, active, pendingHitl, now, cancellationToken);
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var profileChange = new JsonObject { [ProfileFields.Id] = profile.Id, [ProfileFields.ScrapeStatus] = ScrapeStatuses.Scraping };
            if (pendingHitl is not null)
            {
                // Resolved in the same transaction: if the claim loses the race, the resolution rolls back with it.
                profileChange[ProfileFields.HitlSessions] = new JsonObject
                {
                    ["create"] = new JsonArray(),
                    ["update"] = new JsonArray(ResolvedHitl(pendingHitl.Id, now)),
                    ["delete"] = new JsonArray(),
                };
            }

            var claim = new JsonObject
            {
                [JobFields.ProfileId] = profileChange,
                [JobFields.ActiveKey] = profile.Id, // lower-case GUID text: the unique index is case-sensitive
                [JobFields.Status] = JobStatuses.Queued,
                [JobFields.Type] = ScrapeJobType,
            };
            try
            {
                var job = (await directus.CreateItemAsync<MediaJobRecord>(DirectusSchema.MediaJobs.Collection, claim, DirectusSchema.Selections.Job, cancellationToken)).Data;
                AuditFacts.RecordCreated(AuditFacts.Kinds.MediaJob, job.Id);
                return new TriggerResult(TriggerOutcomes.JobQueued, profile.Id,
                    $"Scrape queued as job {job.Id}; the profile is now 'scraping'." +
                    (pendingHitl is null ? "" : $" Valid cookies exist, so the pending HITL request {pendingHitl.Id} was marked resolved.") +
                    $" The media worker picks the job up; check it later with get_media_job (or read/subscribe to this profile's resource) " +
                    "instead of waiting in a loop.",
                    JobId: job.Id, JobStatus: job.Status, ResolvedHitlSessionId: pendingHitl?.Id);
            }
            catch (DataAccessException e) when (e.Failure == DataAccessFailure.Duplicate)
            {
                // Another caller queued it first. Its job is the answer, unless it already finished: then claim again.
                if (await FindActiveAsync<MediaJobRecord>(JobFields.Collection, JobFields.ActiveKey, profile.Id, DirectusSchema.Selections.Job, cancellationToken) is { } winner)
                {
                    return await AlreadyQueuedAsync(profile.Id, winner, pendingHitl, now, cancellationToken);
                }
            }
        }

        throw new DomainException($"Profile {profile.Id}'s active job changed repeatedly while queueing; nothing more was done. Call trigger_scrape again.");
    }

    private async Task<TriggerResult> AlreadyQueuedAsync(string profileId, MediaJobRecord job, HitlSessionRecord? pendingHitl, DateTimeOffset now, CancellationToken cancellationToken)
    {
        string? resolved = null;
        if (pendingHitl is not null)
        {
            // Only while it still holds the key, so concurrent triggers do not rewrite resolved_at over and over.
            var body = new JsonObject
            {
                ["query"] = new JsonObject { ["filter"] = new DirectusFilter().Eq(HitlFields.Id, pendingHitl.Id).NotNull(HitlFields.ActiveKey).ToJsonObject(), ["limit"] = 1 },
                ["data"] = ResolvedHitl(null, now),
            };
            var updated = await directus.UpdateByQueryAsync<HitlSessionRecord>(DirectusSchema.HitlSessions.Collection, body, HitlFields.Id, cancellationToken);
            resolved = updated.Data.Count > 0 ? pendingHitl.Id : null;
        }

        return new TriggerResult(TriggerOutcomes.AlreadyQueued, profileId,
            $"A scrape of this profile is already {job.Status}: job {job.Id}. Nothing new was queued." +
            (resolved is null ? "" : $" Valid cookies exist, so the pending HITL request {resolved} was marked resolved.") +
            " Check the job later with get_media_job instead of triggering again.",
            JobId: job.Id, JobStatus: job.Status, ResolvedHitlSessionId: resolved);
    }

    private async Task<TriggerResult> RequireHitlAsync(ProfileRecord profile, HitlSessionRecord? pending, CancellationToken cancellationToken)
    {
        if (pending is not null)
        {
            return HitlRequired(profile, pending, reused: true);
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var request = new JsonObject
            {
                [HitlFields.ProfileId] = profile.Id,
                [HitlFields.UserId] = profile.UserId,
                [HitlFields.Platform] = profile.Platform,
                [HitlFields.Status] = HitlStatuses.Pending,
                [HitlFields.ActiveKey] = profile.Id,
                [HitlFields.Reason] = $"No unexpired platform session cookies for {profile.Platform}: a human must log in once so that scrapes can run.",
            };
            try
            {
                var created = (await directus.CreateItemAsync<HitlSessionRecord>(DirectusSchema.HitlSessions.Collection, request, DirectusSchema.Selections.Hitl, cancellationToken)).Data;
                AuditFacts.RecordCreated(AuditFacts.Kinds.HitlSession, created.Id);
                return HitlRequired(profile, created, reused: false);
            }
            catch (DataAccessException e) when (e.Failure == DataAccessFailure.Duplicate)
            {
                if (await FindActiveAsync<HitlSessionRecord>(HitlFields.Collection, HitlFields.ActiveKey, profile.Id, DirectusSchema.Selections.Hitl, cancellationToken) is { } existing)
                {
                    return HitlRequired(profile, existing, reused: true);
                }
            }
        }

        throw new DomainException($"Profile {profile.Id}'s pending HITL request changed repeatedly; nothing more was done. Call trigger_scrape again.");
    }

    private static TriggerResult HitlRequired(ProfileRecord profile, HitlSessionRecord hitl, bool reused) =>
        new(TriggerOutcomes.HitlRequired, profile.Id,
            $"No unexpired session cookies for this {profile.Platform} profile, so a scrape cannot run without a human. " +
            (reused ? $"The HITL (human login) request {hitl.Id} is already pending" : $"HITL (human login) request {hitl.Id} was created") +
            "; tell the user a human must log in to the platform. Nothing was queued; call trigger_scrape again after the login " +
            "(list_hitl_sessions shows open requests).",
            HitlSessionId: hitl.Id);

    private async Task<T?> FindActiveAsync<T>(string collection, string activeKeyField, string profileId, string fields, CancellationToken cancellationToken) where T : class
    {
        var rows = await directus.ListItemsAsync<T>(
            collection, filter: new DirectusFilter().Eq(activeKeyField, profileId).ToQueryValue(), fields: fields, limit: 1,
            cancellationToken: cancellationToken);
        return rows.Data is [var row, ..] ? row : null;
    }

    private static JsonObject ResolvedHitl(string? id, DateTimeOffset now)
    {
        var change = new JsonObject();
        if (id is not null)
        {
            change[HitlFields.Id] = id;
        }

        change[HitlFields.Status] = HitlStatuses.Resolved;
        change[HitlFields.ResolvedAt] = DirectusFilter.Timestamp(now);
        change[HitlFields.ActiveKey] = null;
        return change;
    }

    /// <summary>ISO 8601 in UTC, like the timestamps in results.</summary>
    private static string Show(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Show(TimeSpan value) =>
        value.TotalMinutes < 1 ? $"{value.TotalSeconds:0} s"
        : value.TotalHours < 1 ? $"{value.TotalMinutes:0.#} min"
        : $"{value.TotalHours:0.#} h";
}
