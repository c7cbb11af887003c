using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;

namespace CreatorProfiles.Mcp.Domain.Callers;

/// <summary>
/// --auth oauth (docs/deployment.md): the Directus user an access token's subject (or e-mail address) names, looked up
/// with the service token, never with the caller's token, which is not sent anywhere. A user is found by
/// <c>external_identifier</c> (what Directus stores for users who sign in through the same OpenID provider) or by
/// <c>email</c>; none, or more than one, means no caller. Admin access comes from the policies attached to the user or
/// the user's role (a policy inherited through a parent role is not seen: such a user counts as a non-admin, the safe
/// side). Answers are cached by subject, not by token, for <see cref="CacheFor"/> (found) or <see cref="RefusedFor"/>
/// (not found), bounded like the Directus-token cache.
/// </summary>
public sealed class ExternalIdentityResolver(IDirectusApi directus, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = CallerTokenValidator.CacheFor;
    public static readonly TimeSpan RefusedFor = CallerTokenValidator.RefusedFor;

    private readonly SingleFlightLookups<Caller> _lookups = new(time, CacheFor, RefusedFor, CallerTokenValidator.Capacity);

    /// <summary>The Directus user whose <paramref name="field"/> (external_identifier or email) is
    /// <paramref name="value"/>; null when there is none or more than one. Throws <see cref="DataAccessException"/>
    /// when Directus cannot answer. Concurrent first requests of one subject share one lookup.</summary>
    public ValueTask<Caller?> ResolveAsync(string field, string value, CancellationToken cancellationToken) =>
        _lookups.GetAsync(field + "\n" + value, lookupCancellation => LookUpAsync(field, value, lookupCancellation), cancellationToken);

    private async Task<Caller?> LookUpAsync(string field, string value, CancellationToken cancellationToken)
    {
        // Directus reads the filter values "true", "false", "null" and "NULL" as a boolean or null: a subject spelled so
        // could match the users with no external_identifier. No real subject or address is one of them.
        if (value is "true" or "false" or "null" or "NULL")
        {
            return null;
        }

        var filter = new DirectusFilter().Eq(field, value).ToJsonObject().ToJsonString();
        var users = (await directus.FindUsersAsync(filter, cancellationToken)).Data;
        if (users.Count != 1)
        {
            return null;
        }

        var user = users[0];
        var policies = (await directus.GetPoliciesAsync(cancellationToken)).Data;
        var isAdmin = policies.Any(policy => policy.AdminAccess && (policy.Roles ?? []).Any(access =>
            access.User == user.Id || (access.Role?.Id is { } roleId && roleId == user.Role?.Id)));
        return new Caller(user.Id, isAdmin) { RoleName = user.Role?.Name };
    }
}
