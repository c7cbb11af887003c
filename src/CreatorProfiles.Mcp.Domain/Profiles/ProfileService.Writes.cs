using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Auditing;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Validation;
using ProfileFields = CreatorProfiles.Mcp.Directus.DirectusSchema.Profiles;

namespace CreatorProfiles.Mcp.Domain.Profiles;

/// <summary>The writes: create, status and activation, each through the caller's ownership.</summary>
public sealed partial class ProfileService
{
    /// <summary>
    /// Creates a profile for the caller, or for the user an admin names. The UNIQUE identity_key (lower-case
    /// user_id:platform:username, see <see cref="ProfileIdentity"/>) makes Directus refuse the owner's duplicate even
    /// when many callers create it at once; the refusal names the existing profile's id, which is the owner's own.
    /// Another owner's profiles play no part, so nothing about them can be learned here. One request, two on a duplicate.
    /// </summary>
    public async Task<ProfileView> CreateCreatorProfileAsync(ProfileCreateRequest request, JsonObject? credentialsEnvelope, CancellationToken cancellationToken)
    {
        var platform = ArgumentRules.Platform(request.Platform, _options.SupportedPlatforms);
        var username = ArgumentRules.Username(request.Username);
        var requestedOwner = ArgumentRules.OptionalUuid(request.UserId, "user_id");
        var caller = await callers.GetCallerAsync(cancellationToken);
        if (!Ownership.MayActFor(caller, requestedOwner))
        {
            throw new InvalidArgumentException("user_id", requestedOwner, "your own user id, or omit it (only an admin creates profiles for other users)");
        }

        var owner = requestedOwner ?? caller.UserId;
        var identityKey = ProfileIdentity.Key(owner, platform, username);
        var row = new JsonObject
        {
            [ProfileFields.Platform] = platform,
            [ProfileFields.Username] = username,
            [ProfileFields.IdentityKey] = identityKey,
            [ProfileFields.UserId] = owner,
            [ProfileFields.IsActive] = request.IsActive ?? true,
            [ProfileFields.ScrapeStatus] = ScrapeStatuses.Idle,
        };
        if (credentialsEnvelope is not null)
        {
            row[ProfileFields.Credentials] = credentialsEnvelope; // already encrypted: plaintext never leaves the server
        }

        try
        {
            var created = await directus.CreateItemAsync<ProfileRecord>(DirectusSchema.Profiles.Collection, row, DirectusSchema.Selections.Profile, cancellationToken);
            AuditFacts.RecordCreated(AuditFacts.Kinds.Profile, created.Data.Id);
            return ProfileView.From(created.Data);
        }
        catch (DataAccessException e) when (e.Failure == DataAccessFailure.Duplicate)
        {
            throw await AlreadyExistsAsync(platform, username, identityKey, caller, cancellationToken);
        }
        catch (DataAccessException e) when (e.Failure == DataAccessFailure.MissingReference && requestedOwner is not null)
        {
            throw new InvalidArgumentException("user_id", requestedOwner, "the id of an existing Directus user, or omit it for yourself");
        }
    }

    /// <summary>Sets the scrape status: success also stamps last_scraped_at and clears last_error; error stores the
    /// message. One request (the update is scoped to the caller's rows).</summary>
    public Task<ProfileView> UpdateScrapeStatusAsync(string? id, string? status, string? error, CancellationToken cancellationToken)
    {
        var validId = ArgumentRules.Uuid(id, "id");
        var validStatus = ArgumentRules.ScrapeStatus(status, "status");
        var changes = new JsonObject { [ProfileFields.ScrapeStatus] = validStatus };
        if (validStatus == ScrapeStatuses.Error)
        {
            changes[ProfileFields.LastError] = ArgumentRules.ErrorMessage(error);
        }
        else if (error is not null)
        {
            throw new InvalidArgumentException("error", ArgumentRules.Quote(error), "only together with status \"error\"; omit it for other statuses");
        }
        else if (validStatus == ScrapeStatuses.Success)
        {
            changes[ProfileFields.LastScrapedAt] = DirectusFilter.Timestamp(clock.GetUtcNow());
            changes[ProfileFields.LastError] = null;
        }

        return UpdateOwnedAsync(validId, changes, cancellationToken);
    }

    public Task<ProfileView> SetProfileActiveAsync(string? id, bool isActive, CancellationToken cancellationToken)
    {
        var validId = ArgumentRules.Uuid(id, "id");
        return UpdateOwnedAsync(validId, new JsonObject { [ProfileFields.IsActive] = isActive }, cancellationToken);
    }

    /// <summary>The owner's existing profile under <paramref name="identityKey"/>. The key holds the owner, so the
    /// row is the caller's own (or, for an admin, the named user's); it is still checked, and a row gone meanwhile
    /// is answered without an id.</summary>
    private async Task<DomainException> AlreadyExistsAsync(string platform, string username, string identityKey, Caller caller, CancellationToken cancellationToken)
    {
        var existing = await directus.ListItemsAsync<ProfileRecord>(
            DirectusSchema.Profiles.Collection, filter: new DirectusFilter().Eq(ProfileFields.IdentityKey, identityKey).ToQueryValue(),
            fields: DirectusSchema.Selections.ProfileSummary, limit: 1, cancellationToken: cancellationToken);
        return existing.Data is [var row, ..] && Ownership.Owns(caller, row.UserId)
            ? new AlreadyExistsException($"A {platform} profile with username '{username}' already exists: id {row.Id}. Use get_creator_profile with that id instead of creating it again.", row.Id)
            : new AlreadyExistsException($"A {platform} profile with username '{username}' was being created or removed by another request at the same time. Use list_creator_profiles to see your profiles, then try again if it is not there.", existingId: null);
    }
}
