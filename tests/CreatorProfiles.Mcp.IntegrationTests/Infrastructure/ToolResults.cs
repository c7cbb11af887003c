using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

internal static class ToolResults
{
    public static string Text(this CallToolResult result) =>
        string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    /// <summary>The structured content of a successful call; fails the test with the tool's message otherwise.</summary>
    public static JsonObject Structured(this CallToolResult result)
    {
        Assert.True(result.IsError != true, "tool error: " + result.Text());
        Assert.NotNull(result.StructuredContent);
        return JsonNode.Parse(result.StructuredContent.Value.GetRawText())!.AsObject();
    }

    public static async Task<CallToolResult> CallAsync(this McpClient client, string tool, object? arguments = null)
    {
        var args = arguments is null
            ? new Dictionary<string, object?>()
            : JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(arguments))!;
        return await client.CallToolAsync(tool, args);
    }

    /// <summary>Every item of every page, following next_cursor until it is absent.</summary>
    public static async Task<List<JsonObject>> WalkAsync(this McpClient client, string tool, Dictionary<string, object?> arguments, int maxPages = 100)
    {
        var items = new List<JsonObject>();
        string? cursor = null;
        for (var page = 0; page < maxPages; page++)
        {
            var args = new Dictionary<string, object?>(arguments);
            if (cursor is not null)
            {
                args["cursor"] = cursor;
            }

            var result = (await client.CallAsync(tool, args)).Structured();
            items.AddRange(result["items"]!.AsArray().Select(i => i!.AsObject()));
            cursor = (string?)result["next_cursor"];
            if (cursor is null)
            {
                return items;
            }
        }

        throw new InvalidOperationException($"{tool}: more than {maxPages} pages");
    }
}
