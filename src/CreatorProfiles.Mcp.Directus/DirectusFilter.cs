using System.Text.Json.Nodes;

namespace CreatorProfiles.Mcp.Directus;

/// <summary>Builds Directus filter JSON (<c>{"_and":[{"field":{"_eq":value}}]}</c>) without string concatenation,
/// so user-supplied values can never change the shape of a query.</summary>
public sealed class DirectusFilter
{
    private readonly JsonArray _conditions = [];

    public DirectusFilter Eq(string field, string? value) => value is null ? this : Add(field, "_eq", JsonValue.Create(value));

    public DirectusFilter Eq(string field, bool? value) => value is null ? this : Add(field, "_eq", JsonValue.Create(value.Value));

    /// <summary>Case-insensitive substring match.</summary>
    public DirectusFilter IContains(string field, string? value) => string.IsNullOrEmpty(value) ? this : Add(field, "_icontains", JsonValue.Create(value));

    public DirectusFilter IsNull(string field) => Add(field, "_null", JsonValue.Create(true));

    /// <summary>The filter as query-string JSON, or null when there is no condition.</summary>
    public string? ToQueryValue() => _conditions.Count == 0 ? null : new JsonObject { ["_and"] = _conditions.DeepClone() }.ToJsonString();

    private DirectusFilter Add(string field, string op, JsonNode? value)
    {
        _conditions.Add((JsonNode)new JsonObject { [field] = new JsonObject { [op] = value } });
        return this;
    }
}
