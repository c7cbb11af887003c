using System.Globalization;
using System.Text.Json.Nodes;

namespace CreatorProfiles.Mcp.Directus;

/// <summary>Builds Directus filter JSON (<c>{"_and":[{"field":{"_eq":value}}]}</c>) without string concatenation,
/// so user-supplied values can never change the shape of a query. Null values add no condition.</summary>
public sealed class DirectusFilter
{
    private readonly JsonArray _conditions = [];

    public DirectusFilter Eq(string field, string? value) => value is null ? this : Add(field, "_eq", JsonValue.Create(value));

    public DirectusFilter Eq(string field, bool? value) => value is null ? this : Add(field, "_eq", JsonValue.Create(value.Value));

    /// <summary>Case-insensitive substring match. Directus reads the filter values "true", "false", "null" and "NULL" as
    /// a boolean or null, on which _icontains fails with a 500; with only the first letter upper-case they stay strings
    /// and match exactly the same rows.</summary>
    public DirectusFilter IContains(string field, string? value) =>
        string.IsNullOrEmpty(value) ? this : Add(field, "_icontains", JsonValue.Create(value is "true" or "false" or "null" or "NULL"
            ? string.Concat(value[..1].ToUpperInvariant(), value[1..].ToLowerInvariant())
            : value));

    public DirectusFilter IsNull(string field) => Add(field, "_null", JsonValue.Create(true));

    public DirectusFilter Before(string field, DateTimeOffset value) => Add(field, "_lt", JsonValue.Create(Timestamp(value)));

    public DirectusFilter NotNull(string field) => Add(field, "_nnull", JsonValue.Create(true));

    public DirectusFilter After(string field, DateTimeOffset value) => Add(field, "_gt", JsonValue.Create(Timestamp(value)));

    /// <summary>The field is null (never) or later than <paramref name="value"/>: e.g. cookies that have not expired.</summary>
    public DirectusFilter NullOrAfter(string field, DateTimeOffset value) =>
        Or(new DirectusFilter().IsNull(field), new DirectusFilter().After(field, value));

    public DirectusFilter In(string field, IEnumerable<string> values) =>
        Add(field, "_in", new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()));

    /// <summary>A condition on the row a many-to-one field points at (<c>{"profile_id":{"_and":[...]}}</c>); nothing
    /// when <paramref name="related"/> has no condition.</summary>
    public DirectusFilter Related(string field, DirectusFilter related)
    {
        if (related._conditions.Count > 0)
        {
            _conditions.Add((JsonNode)new JsonObject { [field] = related.ToJsonObject() });
        }

        return this;
    }

    /// <summary>Adds every condition of <paramref name="other"/>.</summary>
    public DirectusFilter And(DirectusFilter other)
    {
        foreach (var condition in other._conditions)
        {
            _conditions.Add(condition?.DeepClone());
        }

        return this;
    }

    /// <summary>Adds one condition that holds when any of <paramref name="alternatives"/> holds.</summary>
    public DirectusFilter Or(params DirectusFilter[] alternatives)
    {
        _conditions.Add((JsonNode)new JsonObject { ["_or"] = new JsonArray(alternatives.Select(a => (JsonNode?)a.ToJsonObject()).ToArray()) });
        return this;
    }

    public JsonObject ToJsonObject() => new() { ["_and"] = _conditions.DeepClone() };

    /// <summary>The filter as query-string JSON, or null when there is no condition.</summary>
    public string? ToQueryValue() => _conditions.Count == 0 ? null : ToJsonObject().ToJsonString();

    /// <summary>ISO 8601 UTC, the form Directus compares timestamps in (<c>$NOW</c> is not allowed in payloads).</summary>
    public static string Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private DirectusFilter Add(string field, string op, JsonNode? value)
    {
        _conditions.Add((JsonNode)new JsonObject { [field] = new JsonObject { [op] = value } });
        return this;
    }
}
