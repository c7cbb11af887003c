using System.Text;
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

    /// <summary>UTF-8 bytes of the tools/list result(s) as compact JSON: what a client puts before the model.</summary>
    public int ResultBytes { get; private set; }

    public int Pages { get; private set; }

    public IEnumerable<string> Names => Tools.Select(t => (string)t["name"]!);

    public async Task InitializeAsync()
    {
        await using var session = await StdioSession.StartAsync(Environment, ProtocolVersion);
        var tools = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var page = await session.Client.RequestAsync("tools/list", cursor is null ? [] : new JsonObject { ["cursor"] = cursor });
            ResultBytes += Encoding.UTF8.GetByteCount(GoldenJson.Compact(page));
            Pages++;
            tools.AddRange(page["tools"]!.AsArray().Select(t => t!.AsObject()));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        Tools = tools;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
