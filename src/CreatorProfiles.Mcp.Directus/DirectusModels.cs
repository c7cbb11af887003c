using System.Text.Json.Serialization;

namespace CreatorProfiles.Mcp.Directus;

/// <summary>Directus wraps every list in <c>{"data": [...], "meta": {...}}</c>.</summary>
public sealed record DirectusList<T>(IReadOnlyList<T> Data, DirectusMeta? Meta = null);

/// <summary>Directus wraps every single item in <c>{"data": {...}}</c>.</summary>
public sealed record DirectusItem<T>(T Data);

public sealed record DirectusMeta(int? FilterCount = null, int? TotalCount = null);

public sealed record DirectusUser(string Id, string? Email, string? FirstName, string? LastName, DirectusRole? Role);

public sealed record DirectusRole(string? Id, string? Name);

public sealed record DirectusGlobalAccess(bool AdminAccess, bool AppAccess);

public sealed record DirectusCollection(string Collection);

/// <summary>A Directus 12 access policy and where it is attached (<c>roles</c>: directus_access rows; a row with
/// neither role nor user is the public policy's).</summary>
public sealed record DirectusPolicy(string Id, string? Name, bool AdminAccess, IReadOnlyList<DirectusAccess>? Roles);

public sealed record DirectusAccess(DirectusRole? Role, string? User);

/// <summary>One permission of a policy: an action on a collection, for <c>fields</c> (<c>*</c> = all).</summary>
public sealed record DirectusPermission(string? Policy, string Collection, string Action, IReadOnlyList<string>? Fields);

public sealed record DirectusField(string Field, string? Type, DirectusFieldSchema? Schema);

public sealed record DirectusFieldSchema(
    [property: JsonPropertyName("is_unique")] bool IsUnique,
    [property: JsonPropertyName("is_primary_key")] bool IsPrimaryKey);

/// <summary>Directus's error body: <c>{"errors":[{"message":..., "extensions":{"code":...}}]}</c>.</summary>
public sealed record DirectusErrorBody(IReadOnlyList<DirectusErrorEntry>? Errors);

public sealed record DirectusErrorEntry(string? Message, DirectusErrorExtensions? Extensions);

public sealed record DirectusErrorExtensions(string? Code, string? Field, string? Collection);
