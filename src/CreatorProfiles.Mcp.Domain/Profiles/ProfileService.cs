using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Paging;
using CreatorProfiles.Mcp.Domain.Validation;
using Microsoft.Extensions.Options;

namespace CreatorProfiles.Mcp.Domain.Profiles;

/// <summary>Reads and writes creator profiles with validation and ownership applied.</summary>
public sealed class ProfileService(IDirectusApi directus, ICallerAccessor callers, IOptions<CreatorProfilesOptions> options)
{
    private readonly CreatorProfilesOptions _options = options.Value;

    /// <summary>One Directus request per page: it asks for limit+1 rows to learn whether another page exists
    /// instead of paying for a count.</summary>
    public async Task<Page<ProfileView>> ListAsync(ProfileListRequest request, CancellationToken cancellationToken)
    {
        var platform = ArgumentRules.OptionalPlatform(request.Platform, _options.SupportedPlatforms);
        var status = ArgumentRules.OptionalScrapeStatus(request.ScrapeStatus);
        var userId = ArgumentRules.OptionalUuid(request.UserId, "user_id");
        var limit = ArgumentRules.Limit(request.Limit);
        var fingerprint = PageCursor.Fingerprint("profiles", platform, status, request.IsActive?.ToString(), userId);
        var offset = PageCursor.Decode(request.Cursor, fingerprint);

        var caller = await callers.GetCallerAsync(cancellationToken);
        if (!caller.IsAdmin)
        {
            if (userId is not null && userId != caller.UserId)
            {
                return new Page<ProfileView>([], null); // other users' rows do not exist for this caller
            }

            userId = caller.UserId;
        }

        var filter = new DirectusFilter()
            .Eq("platform", platform)
            .Eq("scrape_status", status)
            .Eq("is_active", request.IsActive)
            .Eq("user_id", userId);

        var rows = await directus.ListItemsAsync<ProfileRecord>(
            Collections.CreatorProfiles,
            filter: filter.ToQueryValue(),
            fields: ProfileView.SourceFields,
            sort: "identity_key", // unique, so pages never overlap; reads as platform, then username
            limit: limit + 1,
            offset: offset,
            cancellationToken: cancellationToken);

        return Page.From(rows.Data, limit, offset, fingerprint, ProfileView.From);
    }
}
