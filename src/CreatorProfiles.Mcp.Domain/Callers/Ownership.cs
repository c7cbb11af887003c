using CreatorProfiles.Mcp.Directus;
using ProfileFields = CreatorProfiles.Mcp.Directus.DirectusSchema.Profiles;

namespace CreatorProfiles.Mcp.Domain.Callers;

/// <summary>
/// The ownership rule, in one place: a non-admin caller owns the profiles whose <c>user_id</c> is theirs (and the
/// jobs, HITL requests and media that hang off them); an admin owns every profile. Rows the caller does not own are
/// answered exactly like missing ones, so nothing tells a caller that another user's row exists. Every query of
/// those rows starts from <see cref="ProfileFilter"/> or <see cref="ProfileRowFilter"/>, and a row read by id is
/// checked with <see cref="Owns"/>.
/// </summary>
public static class Ownership
{
    /// <summary>The condition on <c>creator_profiles</c>: the caller's rows; for an admin, all rows, or one user's
    /// when <paramref name="requestedUserId"/> names one.</summary>
    public static DirectusFilter ProfileFilter(Caller caller, string? requestedUserId = null) =>
        new DirectusFilter().Eq(ProfileFields.UserId, caller.IsAdmin ? requestedUserId : caller.UserId);

    /// <summary>The condition on a collection whose <c>profile_id</c> relates to a profile: rows of the caller's
    /// profiles (the condition rides on the related profile, in the same request).</summary>
    public static DirectusFilter ProfileRowFilter(Caller caller, string profileIdField) =>
        new DirectusFilter().Related(profileIdField, ProfileFilter(caller));

    /// <summary>Whether the caller may see or change a row owned by <paramref name="ownerUserId"/>.</summary>
    public static bool Owns(Caller caller, string? ownerUserId) => caller.IsAdmin || ownerUserId == caller.UserId;

    /// <summary>Whether the caller may act for <paramref name="requestedUserId"/> (null: for themselves).</summary>
    public static bool MayActFor(Caller caller, string? requestedUserId) => requestedUserId is null || Owns(caller, requestedUserId);
}
