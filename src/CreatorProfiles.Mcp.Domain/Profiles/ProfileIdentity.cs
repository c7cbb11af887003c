using ProfileFields = CreatorProfiles.Mcp.Directus.DirectusSchema.Profiles;

namespace CreatorProfiles.Mcp.Domain.Profiles;

/// <summary>
/// The identity of a profile: its owner, its platform and its username, compared without case. Directus keeps the
/// key UNIQUE, so one owner cannot hold the same platform account twice (even under concurrent creates), while
/// two owners may each hold it: a create never depends on, and so never reveals, another owner's profiles.
/// </summary>
public static class ProfileIdentity
{
    /// <summary>The order of list and search pages: platform, username, then id, which is unique, so offset pages
    /// never overlap or skip a row. Not the identity key: that starts with the owner's id, so an admin's pages would
    /// be grouped by owners in the order of their random ids.</summary>
    public static readonly string ListSort = string.Join(',', ProfileFields.Platform, ProfileFields.Username, ProfileFields.Id);

    /// <summary>lower-case <c>user_id:platform:username</c>. A row whose owner was deleted (user_id set null) keeps
    /// the key it had; the migration gives an ownerless row the key <c>:platform:username</c>.</summary>
    public static string Key(string? ownerUserId, string platform, string username) =>
        $"{ownerUserId}:{platform}:{username}".ToLowerInvariant();
}
