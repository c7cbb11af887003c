using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Profiles;
using CreatorProfiles.Mcp.Domain.Validation;

namespace CreatorProfiles.Mcp.Domain.Scrapes;

/// <summary>The watch states behind profile subscriptions (<see cref="ProfileWatch"/> says what a state is): one
/// profile's, checked for ownership, as a subscription's baseline; many at once for the polling loop.</summary>
public sealed class ProfileWatchService(IDirectusApi directus, ICallerAccessor callers, ProfileService profiles)
{
    /// <summary>The watch state of a profile the caller may see (for a resource subscription's baseline). One request.</summary>
    public async Task<string> WatchStateAsync(string? id, CancellationToken cancellationToken)
    {
        var profileId = ArgumentRules.Uuid(id, "id");
        var caller = await callers.GetCallerAsync(cancellationToken);
        var record = await profiles.GetVisibleAsync(profileId, caller, DirectusSchema.Selections.ProfileWatch, DirectusSchema.Selections.LatestJobAndPendingHitl, cancellationToken);
        return ProfileWatch.State(record);
    }

    /// <summary>The watch states of those of <paramref name="ids"/> (valid uuids, lower-case) that the caller may see,
    /// for a listen request's baseline: one request per 100 ids, ownership in the filter. Missing, foreign and
    /// unreadable ids are simply absent.</summary>
    public async Task<IReadOnlyDictionary<string, string>> VisibleWatchStatesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ids.Count > 0)
        {
            var caller = await callers.GetCallerAsync(cancellationToken);
            await ReadStatesAsync(ids, Ownership.ProfileFilter(caller), states, cancellationToken);
        }

        return states;
    }

    /// <summary>Watch states of many profiles (already checked for visibility at subscription): one request per 100
    /// ids. A profile that no longer exists has the state <see cref="ProfileWatch.Deleted"/>.</summary>
    public async Task<IReadOnlyDictionary<string, string>> WatchStatesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var states = ids.Distinct(StringComparer.Ordinal).ToDictionary(i => i, _ => ProfileWatch.Deleted, StringComparer.Ordinal);
        await ReadStatesAsync(states.Keys.ToList(), new DirectusFilter(), states, cancellationToken);
        return states;
    }

    /// <summary>Reads the watch state of each of <paramref name="ids"/> that <paramref name="scope"/> lets through into
    /// <paramref name="states"/>, 100 ids per request.</summary>
    private async Task ReadStatesAsync(IEnumerable<string> ids, DirectusFilter scope, Dictionary<string, string> states, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(100))
        {
            var filter = new DirectusFilter().And(scope).In(DirectusSchema.Profiles.Id, chunk);
            var rows = await directus.ListItemsDeepAsync<ProfileRecord>(
                DirectusSchema.Profiles.Collection, filter.ToQueryValue(), DirectusSchema.Selections.ProfileWatch, DirectusSchema.Selections.LatestJobAndPendingHitl,
                limit: chunk.Length, cancellationToken: cancellationToken);
            foreach (var row in rows.Data)
            {
                states[row.Id] = ProfileWatch.State(row);
            }
        }
    }
}
