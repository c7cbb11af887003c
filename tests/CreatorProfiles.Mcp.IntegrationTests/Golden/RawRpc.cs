using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;

namespace CreatorProfiles.Mcp.IntegrationTests.Golden;

/// <summary>
/// JSON-RPC requests through the C# SDK client whose result is kept as the JSON the server sent (no typed model in
/// between that could drop or reorder what the golden files record).
/// </summary>
internal static class RawRpc
{
    public static async Task<JsonObject> RequestAsync(this McpClient client, string method, JsonObject parameters, CancellationToken cancellationToken = default) =>
        await client.SendRequestAsync<JsonObject, JsonObject>(method, parameters, McpJsonUtilities.DefaultOptions, cancellationToken: cancellationToken)
        ?? throw new InvalidOperationException($"{method}: the server answered a null result");

    public static Task<JsonObject> CallToolRawAsync(this McpClient client, string tool, JsonObject arguments, CancellationToken cancellationToken = default) =>
        client.RequestAsync("tools/call", new JsonObject { ["name"] = tool, ["arguments"] = arguments }, cancellationToken);
}
