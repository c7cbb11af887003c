using System.Globalization;
using System.Text.Json.Nodes;
using System.Web;

namespace CreatorProfiles.Mcp.Benchmarks;

/// <summary>
/// Turns a Directus REST read captured from our server (e.g. <c>GET /items/creator_profiles/ID?fields=...&amp;deep=...</c>)
/// into the arguments of Directus's own MCP <c>items</c> tool asking for exactly the same row(s), fields and nesting.
/// </summary>
internal static class DirectusQuery
{
    public static JsonObject ToItemsToolArguments(string pathAndQuery)
    {
        var queryStart = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? pathAndQuery : pathAndQuery[..queryStart];
        var segments = path.Trim('/').Split('/');
        if (segments.Length is < 2 or > 3 || segments[0] != "items")
        {
            throw new InvalidOperationException($"not an items read: {pathAndQuery}");
        }

        var arguments = new JsonObject { ["action"] = "read", ["collection"] = Uri.UnescapeDataString(segments[1]) };
        if (segments.Length == 3)
        {
            arguments["keys"] = new JsonArray(Uri.UnescapeDataString(segments[2]));
        }

        var query = new JsonObject();
        var parameters = HttpUtility.ParseQueryString(queryStart < 0 ? "" : pathAndQuery[(queryStart + 1)..]);
        foreach (var key in parameters.AllKeys.OfType<string>())
        {
            var value = parameters[key]!;
            query[key] = key switch
            {
                "fields" or "sort" => new JsonArray([.. value.Split(',').Select(v => (JsonNode?)JsonValue.Create(v))]),
                "deep" or "filter" => JsonNode.Parse(value),
                "limit" or "offset" => JsonValue.Create(int.Parse(value, CultureInfo.InvariantCulture)),
                "meta" => null, // the MCP tool has no meta; our list does not use it either
                _ => throw new InvalidOperationException($"no items-tool equivalent for '{key}' in {pathAndQuery}"),
            };
        }

        foreach (var empty in query.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            query.Remove(empty);
        }

        arguments["query"] = query;
        return arguments;
    }
}
