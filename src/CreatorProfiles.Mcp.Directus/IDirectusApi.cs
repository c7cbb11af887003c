using System.Text.Json.Nodes;
using Refit;

namespace CreatorProfiles.Mcp.Directus;

/// <summary>
/// The slice of the Directus REST API this server uses. Query parameters are plain strings so the Refit
/// source generator can build every request without reflection (Native AOT).
/// </summary>
public interface IDirectusApi
{
    [Get("/items/{collection}")]
    Task<DirectusList<T>> ListItemsAsync<T>(
        string collection,
        [AliasAs("filter")] string? filter = null,
        [AliasAs("fields")] string? fields = null,
        [AliasAs("sort")] string? sort = null,
        [AliasAs("limit")] int? limit = null,
        [AliasAs("offset")] int? offset = null,
        [AliasAs("meta")] string? meta = null,
        CancellationToken cancellationToken = default);

    /// <summary>A list with nested o2m rows narrowed per parent row (<c>deep</c>, e.g. each profile's newest job only).</summary>
    [Get("/items/{collection}")]
    Task<DirectusList<T>> ListItemsDeepAsync<T>(
        string collection,
        [AliasAs("filter")] string? filter,
        [AliasAs("fields")] string? fields,
        [AliasAs("deep")] string? deep,
        [AliasAs("limit")] int? limit = null,
        [AliasAs("sort")] string? sort = null,
        CancellationToken cancellationToken = default);

    [Get("/items/{collection}/{id}")]
    Task<DirectusItem<T>> GetItemAsync<T>(
        string collection,
        string id,
        [AliasAs("fields")] string? fields = null,
        [AliasAs("deep")] string? deep = null,
        CancellationToken cancellationToken = default);

    /// <summary>Counts rows per group: <c>?aggregate[count]=id&amp;groupBy=a,b</c>.</summary>
    [Get("/items/{collection}")]
    Task<DirectusList<T>> AggregateCountAsync<T>(
        string collection,
        [AliasAs("groupBy")] string groupBy,
        [AliasAs("filter")] string? filter = null,
        [AliasAs("aggregate[count]")] string count = "id",
        CancellationToken cancellationToken = default);

    /// <summary>Updates the rows a query selects and returns them (one request). Not atomic between Directus's select
    /// and update: use it where the filter only scopes (ownership), never to claim.</summary>
    [Patch("/items/{collection}")]
    Task<DirectusList<T>> UpdateByQueryAsync<T>(
        string collection,
        [Body] JsonObject queryAndData,
        [AliasAs("fields")] string? fields = null,
        CancellationToken cancellationToken = default);

    [Post("/items/{collection}")]
    Task<DirectusItem<T>> CreateItemAsync<T>(
        string collection,
        [Body] JsonObject item,
        [AliasAs("fields")] string? fields = null,
        CancellationToken cancellationToken = default);

    [Patch("/items/{collection}/{id}")]
    Task<DirectusItem<T>> UpdateItemAsync<T>(
        string collection,
        string id,
        [Body] JsonObject changes,
        [AliasAs("fields")] string? fields = null,
        CancellationToken cancellationToken = default);

    /// <summary>Who a token belongs to. With <paramref name="authorization"/> null, the service token's owner
    /// (<see cref="DirectusAuthHandler"/> adds the service token to any request that names none); in HTTP mode a
    /// CALLER's "Bearer ..." token, which Directus answers with 401 when it is invalid or expired.</summary>
    [Get("/users/me")]
    Task<DirectusItem<DirectusUser>> GetCurrentUserAsync(
        [Header("Authorization")] string? authorization = null,
        [AliasAs("fields")] string fields = "id,email,first_name,last_name,role.id,role.name",
        CancellationToken cancellationToken = default);

    /// <summary>Whether a token has admin access; <paramref name="authorization"/> as for <see cref="GetCurrentUserAsync"/>.</summary>
    [Get("/policies/me/globals")]
    Task<DirectusItem<DirectusGlobalAccess>> GetCurrentGlobalAccessAsync(
        [Header("Authorization")] string? authorization = null,
        CancellationToken cancellationToken = default);

    /// <summary>A user's role name, read with the service token (a non-admin token may not read its own role: Directus
    /// without a licence gives ordinary roles no app access, so /users/me returns only the id).</summary>
    [Get("/users/{id}?fields=id,role.id,role.name")]
    Task<DirectusItem<DirectusUser>> GetUserRoleAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Users matching a Directus filter (JSON), read with the service token: --auth oauth finds a token's
    /// user by external_identifier or email. Two at most, so an ambiguous match is seen as such.</summary>
    [Get("/users?limit=2&fields=id,role.id,role.name")]
    Task<DirectusList<DirectusUser>> FindUsersAsync([AliasAs("filter")] string filter, CancellationToken cancellationToken = default);

    [Get("/server/ping")]
    Task<string> PingAsync(CancellationToken cancellationToken = default);

    [Get("/collections/{collection}")]
    Task<DirectusItem<DirectusCollection>> GetCollectionAsync(string collection, CancellationToken cancellationToken = default);

    [Get("/fields/{collection}")]
    Task<DirectusList<DirectusField>> GetFieldsAsync(string collection, CancellationToken cancellationToken = default);

    /// <summary>Every access policy with the roles and users it is attached to (admin token: doctor's policy check).</summary>
    [Get("/policies?limit=-1&fields=id,name,admin_access,roles.role.id,roles.role.name,roles.user")]
    Task<DirectusList<DirectusPolicy>> GetPoliciesAsync(CancellationToken cancellationToken = default);

    /// <summary>The permissions on the collections a filter names (admin token: doctor's policy check).</summary>
    [Get("/permissions?limit=-1&fields=policy,collection,action,fields")]
    Task<DirectusList<DirectusPermission>> GetPermissionsAsync(
        [AliasAs("filter")] string filter,
        CancellationToken cancellationToken = default);
}
