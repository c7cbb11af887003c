using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Paging;
using CreatorProfiles.Mcp.Domain.Profiles;
using CreatorProfiles.Mcp.Domain.Validation;
using HitlFields = CreatorProfiles.Mcp.Directus.DirectusSchema.HitlSessions;
using JobFields = CreatorProfiles.Mcp.Directus.DirectusSchema.MediaJobs;
using MediaFields = CreatorProfiles.Mcp.Directus.DirectusSchema.ScrapedMedia;

namespace CreatorProfiles.Mcp.Domain.Scrapes;

/// <summary>
/// get_media_job, list_media_jobs, list_hitl_sessions and list_scraped_media: the rows that hang off a profile, read
/// with the ownership condition riding on the related profile (<see cref="Ownership"/>), so another user's rows do not
/// exist for a non-admin caller.
/// </summary>
public sealed class ScrapeQueryService(IDirectusApi directus, ICallerAccessor callers, ProfileService profiles)
{
    /// <summary>One Directus request; the job's profile must be the caller's.</summary>
    public async Task<JobView> GetMediaJobAsync(string? id, CancellationToken cancellationToken)
    {
        var jobId = ArgumentRules.Uuid(id, "id");
        var caller = await callers.GetCallerAsync(cancellationToken);
        var filter = Ownership.ProfileRowFilter(caller, JobFields.ProfileId).Eq(JobFields.Id, jobId);
        var rows = await directus.ListItemsAsync<MediaJobRecord>(
            JobFields.Collection, filter: filter.ToQueryValue(), fields: DirectusSchema.Selections.Job, limit: 1, cancellationToken: cancellationToken);
        return rows.Data is [var row, ..]
            ? JobView.From(row)
            : throw new NotFoundException($"No media job with id '{jobId}' exists (or it is not yours). Use list_media_jobs to find job ids.");
    }

    /// <summary>Newest first. One Directus request per page (two for an empty first page of one profile's jobs: see
    /// <see cref="EnsureProfileWhenEmptyAsync"/>).</summary>
    public async Task<Page<JobView>> ListMediaJobsAsync(string? profileId, string? status, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var validProfile = ArgumentRules.OptionalUuid(profileId, "profile_id");
        var validStatus = ArgumentRules.OptionalJobStatus(status);
        var validLimit = ArgumentRules.Limit(limit);
        return await ListOwnedAsync<MediaJobRecord, JobView>(
            JobFields.Collection, JobFields.ProfileId, new DirectusFilter().Eq(JobFields.ProfileId, validProfile).Eq(JobFields.Status, validStatus), DirectusSchema.Selections.Job,
            $"-{JobFields.CreatedAt},{JobFields.Id}", validProfile, validLimit, PageCursor.Fingerprint("jobs", validProfile, validStatus), cursor, JobView.From, cancellationToken);
    }

    /// <summary>HITL requests, pending ones unless <paramref name="status"/> says otherwise; newest first. One request per
    /// page (two for an empty first page of one profile's requests).</summary>
    public async Task<Page<HitlView>> ListHitlSessionsAsync(string? status, string? profileId, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var validStatus = ArgumentRules.HitlStatus(status);
        var validProfile = ArgumentRules.OptionalUuid(profileId, "profile_id");
        var validLimit = ArgumentRules.Limit(limit);
        return await ListOwnedAsync<HitlSessionRecord, HitlView>(
            HitlFields.Collection, HitlFields.ProfileId, new DirectusFilter().Eq(HitlFields.Status, validStatus).Eq(HitlFields.ProfileId, validProfile), DirectusSchema.Selections.Hitl,
            $"-{HitlFields.CreatedAt},{HitlFields.Id}", validProfile, validLimit, PageCursor.Fingerprint("hitl", validStatus, validProfile), cursor, HitlView.From, cancellationToken);
    }

    /// <summary>A profile's scraped media, newest post first, with the site's text cleaned and marked untrusted. One
    /// request per page (two when the first page is empty).</summary>
    public async Task<Page<MediaView>> ListScrapedMediaAsync(string? profileId, string? jobId, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var validProfile = ArgumentRules.Uuid(profileId, "profile_id");
        var validJob = ArgumentRules.OptionalUuid(jobId, "job_id");
        var validLimit = ArgumentRules.Limit(limit);
        return await ListOwnedAsync<ScrapedMediaRecord, MediaView>(
            MediaFields.Collection, MediaFields.ProfileId, new DirectusFilter().Eq(MediaFields.ProfileId, validProfile).Eq(MediaFields.JobId, validJob), DirectusSchema.Selections.Media,
            $"-{MediaFields.PostedAt},-{MediaFields.CreatedAt},{MediaFields.Id}", validProfile, validLimit, PageCursor.Fingerprint("media", validProfile, validJob), cursor, MediaView.From, cancellationToken);
    }

    /// <summary>
    /// One page of rows that hang off the caller's profiles (jobs, HITL requests, media): the ownership condition rides
    /// on the related profile in the same request, and an empty first page for one named profile checks that the
    /// profile exists (so "not found" is not mistaken for "nothing yet"). Arguments are validated by the caller.
    /// </summary>
    private async Task<Page<TView>> ListOwnedAsync<TRecord, TView>(
        string collection, string profileIdField, DirectusFilter filter, string fields, string sort, string? profileId, int limit, string fingerprint,
        string? cursor, Func<TRecord, TView> view, CancellationToken cancellationToken)
    {
        var offset = PageCursor.Decode(cursor, fingerprint);
        var caller = await callers.GetCallerAsync(cancellationToken);
        var rows = await directus.ListItemsAsync<TRecord>(
            collection, filter: filter.And(Ownership.ProfileRowFilter(caller, profileIdField)).ToQueryValue(), fields: fields, sort: sort,
            limit: limit + 1, offset: offset, cancellationToken: cancellationToken);
        await EnsureProfileWhenEmptyAsync(rows.Data.Count, offset, profileId, caller, cancellationToken);
        return Page.From(rows.Data, limit, offset, fingerprint, view);
    }

    /// <summary>An empty first page for one profile: a mistyped, missing or other user's profile id is answered with
    /// "not found" (as get_creator_profile would) instead of an empty list that reads like "no rows yet". Costs a request
    /// only in that case.</summary>
    private async Task EnsureProfileWhenEmptyAsync(int rows, int offset, string? profileId, Caller caller, CancellationToken cancellationToken)
    {
        if (rows == 0 && offset == 0 && profileId is not null)
        {
            _ = await profiles.GetVisibleAsync(profileId, caller, DirectusSchema.Selections.ProfileOwner, deep: null, cancellationToken);
        }
    }
}
