using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Paging;
using CreatorProfiles.Mcp.Domain.Untrusted;
using CreatorProfiles.Mcp.Domain.Validation;
using Microsoft.Extensions.Options;
using ProfileFields = CreatorProfiles.Mcp.Directus.DirectusSchema.Profiles;

namespace CreatorProfiles.Mcp.Domain.Profiles;

/// <summary>
/// Reads and writes creator profiles with validation and ownership applied: a non-admin caller only ever sees or
/// changes profiles whose user_id is theirs, and anyone else's profile is answered exactly like a missing one.
/// Every argument is validated before the first Directus request.
/// </summary>
public sealed partial class ProfileService(
    IDirectusApi directus,
    ICallerAccessor callers,
    IOptions<CreatorProfilesOptions> options,
    TimeProvider clock)
{
    public const int DefaultOverdueHours = 24;
    private const int OverdueShown = 10;

    private readonly CreatorProfilesOptions _options = options.Value;

    /// <summary>One Directus request per page.</summary>
    public async Task<Page<ProfileView>> ListCreatorProfilesAsync(ProfileListRequest request, CancellationToken cancellationToken)
    {
        var platform = ArgumentRules.OptionalPlatform(request.Platform, _options.SupportedPlatforms);
        var status = ArgumentRules.OptionalScrapeStatus(request.ScrapeStatus);
        var userId = ArgumentRules.OptionalUuid(request.UserId, "user_id");
        var limit = ArgumentRules.Limit(request.Limit);
        var fingerprint = PageCursor.Fingerprint("profiles", platform, status, request.IsActive?.ToString(), userId);
        var offset = PageCursor.Decode(request.Cursor, fingerprint);

        var caller = await callers.GetCallerAsync(cancellationToken);
        if (!Ownership.MayActFor(caller, userId))
        {
            return new Page<ProfileView>([], null); // other users' rows do not exist for this caller
        }

        var filter = Ownership.ProfileFilter(caller, userId)
            .Eq(ProfileFields.Platform, platform)
            .Eq(ProfileFields.ScrapeStatus, status)
            .Eq(ProfileFields.IsActive, request.IsActive);
        return await PageAsync(filter, limit, offset, fingerprint, cancellationToken);
    }

    /// <summary>Profiles of one platform whose username contains <paramref name="query"/> (any case). One request.</summary>
    public async Task<Page<ProfileView>> SearchCreatorProfilesAsync(string? platform, string? query, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var validPlatform = ArgumentRules.Platform(platform, _options.SupportedPlatforms);
        var validQuery = ArgumentRules.SearchQuery(query);
        var validLimit = ArgumentRules.Limit(limit);
        var fingerprint = PageCursor.Fingerprint("search", validPlatform, validQuery?.ToLowerInvariant());
        var offset = PageCursor.Decode(cursor, fingerprint);

        var caller = await callers.GetCallerAsync(cancellationToken);
        var filter = Ownership.ProfileFilter(caller).Eq(ProfileFields.Platform, validPlatform).IContains(ProfileFields.Username, validQuery);
        return await PageAsync(filter, validLimit, offset, fingerprint, cancellationToken);
    }

    /// <summary>The profile with its latest job, pending HITL request and cookie state: one Directus request.</summary>
    public async Task<ProfileDetails> GetCreatorProfileAsync(string? id, CancellationToken cancellationToken)
    {
        var validId = ArgumentRules.Uuid(id, "id");
        var caller = await callers.GetCallerAsync(cancellationToken);
        var record = await GetVisibleAsync(validId, caller, DirectusSchema.Selections.ProfileDetails, DirectusSchema.Selections.LatestJobAndPendingHitl, cancellationToken);
        return ProfileDetails.From(record, clock.GetUtcNow());
    }

    /// <summary>Counts by platform and status, active/inactive, and the overdue profiles: two Directus requests.</summary>
    public async Task<ProfileStats> GetProfileStatsAsync(int? overdueAfterHours, CancellationToken cancellationToken)
    {
        var hours = ArgumentRules.IntegerInRange(overdueAfterHours, 1, 24 * 90, DefaultOverdueHours, "overdue_after_hours");
        var caller = await callers.GetCallerAsync(cancellationToken);

        var groups = await directus.AggregateCountAsync<AggregateRow>(
            DirectusSchema.Profiles.Collection, groupBy: $"{ProfileFields.Platform},{ProfileFields.ScrapeStatus},{ProfileFields.IsActive}", filter: Ownership.ProfileFilter(caller).ToQueryValue(),
            cancellationToken: cancellationToken);

        var overdueFilter = Ownership.ProfileFilter(caller)
            .Eq(ProfileFields.IsActive, true)
            .Or(new DirectusFilter().IsNull(ProfileFields.LastScrapedAt), new DirectusFilter().Before(ProfileFields.LastScrapedAt, clock.GetUtcNow().AddHours(-hours)));
        var overdue = await directus.ListItemsAsync<ProfileRecord>(
            DirectusSchema.Profiles.Collection, filter: overdueFilter.ToQueryValue(), fields: DirectusSchema.Selections.Profile,
            sort: $"{ProfileFields.LastScrapedAt},{ProfileIdentity.ListSort}", limit: OverdueShown, meta: "filter_count", cancellationToken: cancellationToken);

        var rows = groups.Data.Select(g => (Platform: UntrustedText.Word(g.Platform ?? ""), Status: g.ScrapeStatus ?? "", Active: g.IsActive ?? false, Count: AggregateCount.Of(g.Count))).ToList();
        var byPlatform = rows.GroupBy(r => r.Platform).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PlatformStatusCount(
                g.Key,
                g.Sum(r => r.Count),
                g.Where(r => r.Status == ScrapeStatuses.Idle).Sum(r => r.Count),
                g.Where(r => r.Status == ScrapeStatuses.Scraping).Sum(r => r.Count),
                g.Where(r => r.Status == ScrapeStatuses.Success).Sum(r => r.Count),
                g.Where(r => r.Status == ScrapeStatuses.Error).Sum(r => r.Count)))
            .ToList();
        var active = rows.Where(r => r.Active).Sum(r => r.Count);
        var total = rows.Sum(r => r.Count);
        return new ProfileStats(total, active, total - active, byPlatform,
            new OverdueProfiles(hours, overdue.Meta?.FilterCount ?? overdue.Data.Count, overdue.Data.Select(ProfileView.From).ToList()));
    }

    /// <summary>A profile the caller may see, or <see cref="NotFoundException"/> exactly as if it did not exist.
    /// <paramref name="fields"/> must include user_id.</summary>
    public async Task<ProfileRecord> GetVisibleAsync(string id, Caller caller, string fields, string? deep, CancellationToken cancellationToken)
    {
        ProfileRecord record;
        try
        {
            record = (await directus.GetItemAsync<ProfileRecord>(DirectusSchema.Profiles.Collection, id, fields, deep, cancellationToken)).Data;
        }
        catch (DataAccessException e) when (e.Failure == DataAccessFailure.NotFound)
        {
            throw new NotFoundException("creator profile", id);
        }

        return Ownership.Owns(caller, record.UserId) ? record : throw new NotFoundException("creator profile", id);
    }

    private async Task<ProfileView> UpdateOwnedAsync(string id, JsonObject changes, CancellationToken cancellationToken) =>
        ProfileView.From(await UpdateOwnedAsync(id, changes, DirectusSchema.Selections.Profile, cancellationToken));

    /// <summary>Changes a profile the caller owns (any profile for an admin) in one request: the update is scoped by
    /// an ownership filter, so someone else's profile is answered exactly like a missing one.</summary>
    public async Task<ProfileRecord> UpdateOwnedAsync(string id, JsonObject changes, string fields, CancellationToken cancellationToken) =>
        await UpdateOwnedAsync(await callers.GetCallerAsync(cancellationToken), id, changes, fields, cancellationToken);

    /// <summary>The same for a caller known beforehand: a write made later on someone's behalf (the credentials entry
    /// page) is scoped to whoever asked for it, not to whoever is calling now.</summary>
    public async Task<ProfileRecord> UpdateOwnedAsync(Caller caller, string id, JsonObject changes, string fields, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["query"] = new JsonObject { ["filter"] = Ownership.ProfileFilter(caller).Eq(ProfileFields.Id, id).ToJsonObject(), ["limit"] = 1 },
            ["data"] = changes,
        };
        var updated = await directus.UpdateByQueryAsync<ProfileRecord>(DirectusSchema.Profiles.Collection, body, fields, cancellationToken);
        return updated.Data is [var row, ..] ? row : throw new NotFoundException("creator profile", id);
    }

    private async Task<Page<ProfileView>> PageAsync(DirectusFilter filter, int limit, int offset, string fingerprint, CancellationToken cancellationToken)
    {
        var rows = await directus.ListItemsAsync<ProfileRecord>(
            DirectusSchema.Profiles.Collection,
            filter: filter.ToQueryValue(),
            fields: DirectusSchema.Selections.Profile,
            sort: ProfileIdentity.ListSort, // ends with the id: unique, so pages never overlap
            limit: limit + 1,
            offset: offset,
            cancellationToken: cancellationToken);
        return Page.From(rows.Data, limit, offset, fingerprint, ProfileView.From);
    }
}
