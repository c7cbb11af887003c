using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Golden;

/// <summary>
/// The server's tools/list, fetched once per test class from a server that has no Directus behind it: listing tools
/// never calls Directus, so the URL points at a closed port and the token is a dummy. Every optional variable is
/// removed and a (dummy) encryption key is set, so that the catalogue does not depend on the machine's environment
/// and tools that need a key are listed too.
/// </summary>
public sealed class ToolCatalog : IAsyncLifetime
{
    public const string ProtocolVersion = "2025-11-25";

    public static IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>
    {
        ["DIRECTUS_URL"] = "http://127.0.0.1:9", // the discard port: nothing answers there
        ["DIRECTUS_TOKEN"] = "tool-catalog-dummy-token",
        ["CREDENTIALS_ENC_KEY_B64"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        ["CREDENTIALS_ENC_PREVIOUS_KEYS_B64"] = null,
        ["SUPPORTED_PLATFORMS"] = null,
        ["SCRAPE_COOLDOWN"] = null,
        ["CREDENTIALS_DECRYPT_ROLES"] = null,
    };

    /// <summary>Each tool's tools/list entry, exactly as sent, in the server's order.</summary>
    public IReadOnlyList<JsonObject> Tools { get; private set; } = [];

    /// <summary>UTF-8 bytes of the tools/list result(s) exactly as the server wrote them (the serialized
    /// ListToolsResult, escapes included): what a client puts before the model.</summary>
    public int ResultBytes { get; private set; }

    /// <summary>UTF-8 bytes of each tool's entry as the server wrote it.</summary>
    public IReadOnlyDictionary<string, int> ToolBytes { get; private set; } = new Dictionary<string, int>();

    public int Pages { get; private set; }

    public IEnumerable<string> Names => Tools.Select(t => (string)t["name"]!);

    /// <summary>The same list for a client that does not declare MCP Apps: no app-only tool, no <c>_meta.ui</c>.</summary>
    public IReadOnlyList<JsonObject> PlainTools { get; private set; } = [];

    /// <summary>UTF-8 bytes of <see cref="PlainTools"/>' result(s) as sent.</summary>
    public int PlainResultBytes { get; private set; }

    /// <summary>What a client declares to get the MCP Apps extras (io.modelcontextprotocol/ui, spec 2026-01-26).</summary>
    public static JsonObject AppsCapabilities() => new()
    {
        ["extensions"] = new JsonObject
        {
            ["io.modelcontextprotocol/ui"] = new JsonObject { ["mimeTypes"] = new JsonArray("text/html;profile=mcp-app") },
        },
    };

    public async Task InitializeAsync()
    {
        // The full list is what a host with MCP Apps sees (the snapshots, the size budget); the plain one is checked too.
        (Tools, ToolBytes, ResultBytes, Pages) = await ListAsync(AppsCapabilities());
        (PlainTools, _, PlainResultBytes, _) = await ListAsync(null);
    }

    private static async Task<(List<JsonObject> Tools, Dictionary<string, int> ToolBytes, int ResultBytes, int Pages)> ListAsync(JsonObject? capabilities)
    {
        // Raw JSON-RPC rather than an SDK client, so that the size is the server's own bytes, not a re-serialization.
        await using var server = await RawStdioServer.StartAsync(Environment, capabilities);
        var tools = new List<JsonObject>();
        var toolBytes = new Dictionary<string, int>();
        var (resultBytes, pages) = (0, 0);
        string? cursor = null;
        do
        {
            var raw = await server.RequestAsync("tools/list", cursor is null ? [] : new JsonObject { ["cursor"] = cursor });
            resultBytes += Encoding.UTF8.GetByteCount(raw);
            pages++;
            using var page = JsonDocument.Parse(raw);
            foreach (var tool in page.RootElement.GetProperty("tools").EnumerateArray())
            {
                tools.Add(JsonNode.Parse(tool.GetRawText())!.AsObject());
                toolBytes[tool.GetProperty("name").GetString()!] = Encoding.UTF8.GetByteCount(tool.GetRawText());
            }

            cursor = page.RootElement.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        return (tools, toolBytes, resultBytes, pages);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
