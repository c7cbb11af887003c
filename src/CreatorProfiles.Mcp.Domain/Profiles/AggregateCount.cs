using System.Globalization;
using System.Text.Json;

namespace CreatorProfiles.Mcp.Domain.Profiles;

/// <summary>An aggregate's <c>count</c> as Directus returns it: a number, text on some databases (PostgreSQL's
/// bigint), or an object keyed by the counted field.</summary>
internal static class AggregateCount
{
    public static int Of(JsonElement? count) => count switch
    {
        { ValueKind: JsonValueKind.Number } n => n.GetInt32(),
        { ValueKind: JsonValueKind.String } s => int.Parse(s.GetString()!, CultureInfo.InvariantCulture),
        { ValueKind: JsonValueKind.Object } o when o.TryGetProperty("id", out var inner) => Of(inner),
        _ => 0,
    };
}
