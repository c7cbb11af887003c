using System.Globalization;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Paging;
using CreatorProfiles.Mcp.Domain.Profiles;
using CreatorProfiles.Mcp.Domain.Validation;
using Microsoft.Extensions.Options;

namespace CreatorProfiles.Mcp.Domain.Scrapes;

/// <summary>
/// The scrape workflow (DESIGN.md section 3, toolset scrapes): queueing a scrape exactly once, human-login (HITL)
/// requests, and reading jobs, HITL requests and scraped media. Exactly-once rests on the UNIQUE active_key columns:
/// the job claim and the profile's flip to scraping are ONE nested insert, so any number of agents and server
/// replicas produce one job, and a loser of the race learns the winner's job id. Ownership as in
/// <see cref="ProfileService"/>: other users' profiles, jobs, HITL rows and media do not exist for a non-admin caller.
/// </summary>
public sealed class ScrapeService(
    IDirectusApi directus,
    ICallerAccessor callers,
    ProfileService profiles,
    IOptions<CreatorProfilesOptions> options,
    TimeProvider clock)
{
    public const string ScrapeJobType = "scrape_profile";

    /// <summary>What trigger_scrape reads in its one request: the profile, at most one unexpired cookie row, the active
    /// job and the pending HITL request. Never the cookie or credential values.</summary>
    private const string TriggerFields =
        "id,user_id,platform,username,scrape_status,last_scraped_at,is_active," +
        "platform_sessions.id,platform_sessions.expires_at," +
        "media_jobs.id,media_jobs.profile_id,media_jobs.type,media_jobs.status,media_jobs.active_key,media_jobs.created_at,media_jobs.started_at," +
        "hitl_sessions.id,hitl_sessions.profile_id,hitl_sessions.platform,hitl_sessions.status,hitl_sessions.active_key,hitl_sessions.reason,hitl_sessions.created_at";

    private readonly CreatorProfilesOptions _options = options.Value;

    /// <summary>
    /// Queues a scrape, or says why not. Directus round trips: 1 for inactive, cooldown, already_queued (seen in the read)
    /// and a reused HITL request; 2 for job_queued (read + nested insert, which also resolves a pending HITL request) and
    /// a new HITL request; at most 4 when another caller wins the race (read, refused insert, look-up, HITL resolution).
    /// </summary>
    public async Task<TriggerResult> TriggerAsync(string? id, bool? force, CancellationToken cancellationToken)
    {
        var profileId = ArgumentRules.Uuid(id, "id");
        var caller = await callers.GetCallerAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var profile = await profiles.GetVisibleAsync(profileId, caller, TriggerFields, TriggerDeep(now), cancellationToken);

        if (!_options.SupportedPlatforms.Contains(profile.Platform, StringComparer.Ordinal))
        {
            throw new DomainException(
                $"Profile {profileId} is on platform {ArgumentRules.Quote(profile.Platform)}, which this server does not support " +
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

    /// <summary>One Directus request; the job's profile must be the caller's.</summary>
    public async Task<JobView> GetJobAsync(string? id, CancellationToken cancellationToken)
    {
        var jobId = ArgumentRules.Uuid(id, "id");
        var caller = await callers.GetCallerAsync(cancellationToken);
        var filter = new DirectusFilter().Eq("id", jobId).Related("profile_id", Owner(caller));
        var rows = await directus.ListItemsAsync<MediaJobRecord>(
            Collections.MediaJobs, filter: filter.ToQueryValue(), fields: JobView.SourceFields, limit: 1, cancellationToken: cancellationToken);
        return rows.Data is [var row, ..]
            ? JobView.From(row)
            : throw new NotFoundException($"No media job with id '{jobId}' exists (or it is not yours). Use list_media_jobs to find job ids.");
    }

    /// <summary>Newest first. One Directus request per page (two for an empty first page of one profile's jobs: see
    /// <see cref="EnsureProfileWhenEmptyAsync"/>).</summary>
    public async Task<Page<JobView>> ListJobsAsync(string? profileId, string? status, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var validProfile = ArgumentRules.OptionalUuid(profileId, "profile_id");
        var validStatus = ArgumentRules.OptionalJobStatus(status);
        var validLimit = ArgumentRules.Limit(limit);
        return await ListOwnedAsync<MediaJobRecord, JobView>(
            Collections.MediaJobs, new DirectusFilter().Eq("profile_id", validProfile).Eq("status", validStatus), JobView.SourceFields,
            "-created_at,id", validProfile, validLimit, PageCursor.Fingerprint("jobs", validProfile, validStatus), cursor, JobView.From, cancellationToken);
    }

    /// <summary>HITL requests, pending ones unless <paramref name="status"/> says otherwise; newest first. One request per
    /// page (two for an empty first page of one profile's requests).</summary>
    public async Task<Page<HitlView>> ListHitlAsync(string? status, string? profileId, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var validStatus = ArgumentRules.HitlStatus(status);
        var validProfile = ArgumentRules.OptionalUuid(profileId, "profile_id");
        var validLimit = ArgumentRules.Limit(limit);
        return await ListOwnedAsync<HitlSessionRecord, HitlView>(
            Collections.HitlSessions, new DirectusFilter().Eq("status", validStatus).Eq("profile_id", validProfile), HitlView.SourceFields,
            "-created_at,id", validProfile, validLimit, PageCursor.Fingerprint("hitl", validStatus, validProfile), cursor, HitlView.From, cancellationToken);
    }

    /// <summary>A profile's scraped media, newest post first, with captions and URLs cleaned and marked untrusted, and
    /// a fresh fence for this reply. One request per page (two when the first page is empty).</summary>
    public async Task<MediaPage> ListMediaAsync(string? profileId, string? jobId, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var validProfile = ArgumentRules.Uuid(profileId, "profile_id");
        var validJob = ArgumentRules.OptionalUuid(jobId, "job_id");
        var validLimit = ArgumentRules.Limit(limit);
        var page = await ListOwnedAsync<ScrapedMediaRecord, MediaView>(
            Collections.ScrapedMedia, new DirectusFilter().Eq("profile_id", validProfile).Eq("job_id", validJob), MediaView.SourceFields,
            "-posted_at,-created_at,id", validProfile, validLimit, PageCursor.Fingerprint("media", validProfile, validJob), cursor, MediaView.From, cancellationToken);
        return new MediaPage(UntrustedContentNotice.For(UntrustedText.NewFence()), page.Items, page.NextCursor);
    }

    /// <summary>
    /// One page of rows that hang off the caller's profiles (jobs, HITL requests, media): the ownership condition rides
    /// on the related profile in the same request, and an empty first page for one named profile checks that the
    /// profile exists (so "not found" is not mistaken for "nothing yet"). Arguments are validated by the caller.
    /// </summary>
    private async Task<Page<TView>> ListOwnedAsync<TRecord, TView>(
        string collection, DirectusFilter filter, string fields, string sort, string? profileId, int limit, string fingerprint,
        string? cursor, Func<TRecord, TView> view, CancellationToken cancellationToken)
    {
        var offset = PageCursor.Decode(cursor, fingerprint);
        var caller = await callers.GetCallerAsync(cancellationToken);
        var rows = await directus.ListItemsAsync<TRecord>(
            collection, filter: filter.Related("profile_id", Owner(caller)).ToQueryValue(), fields: fields, sort: sort,
            limit: limit + 1, offset: offset, cancellationToken: cancellationToken);
        await EnsureProfileWhenEmptyAsync(rows.Data.Count, offset, profileId, caller, cancellationToken);
        return Page.From(rows.Data, limit, offset, fingerprint, view);
    }

    /// <summary>The watch state of a profile the caller may see (for a resource subscription's baseline). One request.</summary>
    public async Task<string> WatchStateAsync(string? id, CancellationToken cancellationToken)
    {
        var profileId = ArgumentRules.Uuid(id, "id");
        var caller = await callers.GetCallerAsync(cancellationToken);
        var record = await profiles.GetVisibleAsync(profileId, caller, ProfileWatch.Fields, ProfileWatch.Deep, cancellationToken);
        return ProfileWatch.State(record);
    }

    /// <summary>Watch states of many profiles (already checked for visibility at subscription): one request per 100
    /// ids. A profile that no longer exists has the state <see cref="ProfileWatch.Deleted"/>.</summary>
    public async Task<IReadOnlyDictionary<string, string>> WatchStatesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var states = ids.Distinct(StringComparer.Ordinal).ToDictionary(i => i, _ => ProfileWatch.Deleted, StringComparer.Ordinal);
        foreach (var chunk in states.Keys.ToList().Chunk(100))
        {
            var rows = await directus.ListItemsDeepAsync<ProfileRecord>(
                Collections.CreatorProfiles, new DirectusFilter().In("id", chunk).ToQueryValue(), ProfileWatch.Fields, ProfileWatch.Deep,
                limit: chunk.Length, cancellationToken: cancellationToken);
            foreach (var row in rows.Data)
            {
                states[row.Id] = ProfileWatch.State(row);
            }
        }

        return states;
    }

    /// <summary>An empty first page for one profile: a mistyped, missing or other user's profile id is answered with
    /// "not found" (as get_creator_profile would) instead of an empty list that reads like "no rows yet". Costs a request
    /// only in that case.</summary>
    private async Task EnsureProfileWhenEmptyAsync(int rows, int offset, string? profileId, Caller caller, CancellationToken cancellationToken)
    {
        if (rows == 0 && offset == 0 && profileId is not null)
        {
            _ = await profiles.GetVisibleAsync(profileId, caller, "id,user_id", deep: null, cancellationToken);
        }
    }

    private async Task<TriggerResult> QueueAsync(ProfileRecord profile, HitlSessionRecord? pendingHitl, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (profile.MediaJobs is [var active, ..])
        {
            return await AlreadyQueuedAsync(profile.Id, active, pendingHitl, now, cancellationToken);
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var profileChange = new JsonObject { ["id"] = profile.Id, ["scrape_status"] = ScrapeStatuses.Scraping };
            if (pendingHitl is not null)
            {
                // Resolved in the same transaction: if the claim loses the race, the resolution rolls back with it.
                profileChange["hitl_sessions"] = new JsonObject
                {
                    ["create"] = new JsonArray(),
                    ["update"] = new JsonArray(ResolvedHitl(pendingHitl.Id, now)),
                    ["delete"] = new JsonArray(),
                };
            }

            var claim = new JsonObject
            {
                ["profile_id"] = profileChange,
                ["active_key"] = profile.Id, // lower-case GUID text: the unique index is case-sensitive
                ["status"] = JobStatuses.Queued,
                ["type"] = ScrapeJobType,
            };
            try
            {
                var job = (await directus.CreateItemAsync<MediaJobRecord>(Collections.MediaJobs, claim, JobView.SourceFields, cancellationToken)).Data;
                return new TriggerResult(TriggerOutcomes.JobQueued, profile.Id,
                    $"Scrape queued as job {job.Id}; the profile is now 'scraping'." +
                    (pendingHitl is null ? "" : $" Valid cookies exist, so the pending HITL request {pendingHitl.Id} was marked resolved.") +
                    $" The media worker picks the job up; check it later with get_media_job (or read/subscribe to {ProfileWatch.UriPrefix}{profile.Id}) " +
                    "instead of waiting in a loop.",
                    JobId: job.Id, JobStatus: job.Status, ResolvedHitlSessionId: pendingHitl?.Id);
            }
            catch (DirectusException e) when (e.Kind == DirectusErrorKind.NotUnique)
            {
                // Another caller queued it first. Its job is the answer, unless it already finished: then claim again.
                if (await FindActiveAsync<MediaJobRecord>(Collections.MediaJobs, profile.Id, JobView.SourceFields, cancellationToken) is { } winner)
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
                ["query"] = new JsonObject { ["filter"] = new DirectusFilter().Eq("id", pendingHitl.Id).NotNull("active_key").ToJsonObject(), ["limit"] = 1 },
                ["data"] = ResolvedHitl(null, now),
            };
            var updated = await directus.UpdateByQueryAsync<HitlSessionRecord>(Collections.HitlSessions, body, "id", cancellationToken);
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
                ["profile_id"] = profile.Id,
                ["user_id"] = profile.UserId,
                ["platform"] = profile.Platform,
                ["status"] = HitlStatuses.Pending,
                ["active_key"] = profile.Id,
                ["reason"] = $"No unexpired platform session cookies for {profile.Platform}: a human must log in once so that scrapes can run.",
            };
            try
            {
                var created = (await directus.CreateItemAsync<HitlSessionRecord>(Collections.HitlSessions, request, HitlView.SourceFields, cancellationToken)).Data;
                return HitlRequired(profile, created, reused: false);
            }
            catch (DirectusException e) when (e.Kind == DirectusErrorKind.NotUnique)
            {
                if (await FindActiveAsync<HitlSessionRecord>(Collections.HitlSessions, profile.Id, HitlView.SourceFields, cancellationToken) is { } existing)
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

    private async Task<T?> FindActiveAsync<T>(string collection, string profileId, string fields, CancellationToken cancellationToken) where T : class
    {
        var rows = await directus.ListItemsAsync<T>(
            collection, filter: new DirectusFilter().Eq("active_key", profileId).ToQueryValue(), fields: fields, limit: 1,
            cancellationToken: cancellationToken);
        return rows.Data is [var row, ..] ? row : null;
    }

    private static JsonObject ResolvedHitl(string? id, DateTimeOffset now)
    {
        var change = new JsonObject();
        if (id is not null)
        {
            change["id"] = id;
        }

        change["status"] = HitlStatuses.Resolved;
        change["resolved_at"] = DirectusFilter.Timestamp(now);
        change["active_key"] = null;
        return change;
    }

    /// <summary>Unexpired cookies only (expires_at null or in the future), the active job, the pending HITL request.</summary>
    private static string TriggerDeep(DateTimeOffset now) => new JsonObject
    {
        ["platform_sessions"] = new JsonObject
        {
            ["_filter"] = new DirectusFilter().NullOrAfter("expires_at", now).ToJsonObject(),
            ["_limit"] = 1,
        },
        ["media_jobs"] = new JsonObject
        {
            ["_filter"] = new DirectusFilter().NotNull("active_key").ToJsonObject(),
            ["_sort"] = new JsonArray("-created_at"),
            ["_limit"] = 1,
        },
        ["hitl_sessions"] = new JsonObject
        {
            ["_filter"] = new DirectusFilter().NotNull("active_key").ToJsonObject(),
            ["_sort"] = new JsonArray("-created_at"),
            ["_limit"] = 1,
        },
    }.ToJsonString();

    /// <summary>The ownership condition on a profile: none for an admin, the caller otherwise.</summary>
    private static DirectusFilter Owner(Caller caller) => new DirectusFilter().Eq("user_id", caller.IsAdmin ? null : caller.UserId);

    /// <summary>ISO 8601 in UTC, like the timestamps in results.</summary>
    private static string Show(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Show(TimeSpan value) =>
        value.TotalMinutes < 1 ? $"{value.TotalSeconds:0} s"
        : value.TotalHours < 1 ? $"{value.TotalMinutes:0.#} min"
        : $"{value.TotalHours:0.#} h";
}
