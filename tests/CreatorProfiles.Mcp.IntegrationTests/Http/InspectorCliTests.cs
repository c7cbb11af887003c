using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>
/// The MCP Inspector's CLI (`@modelcontextprotocol/inspector` 2.12.0, `mcp-inspector --cli`; tests/clients/inspector)
/// against `--transport http`, sending the caller's Directus token with `--header "Authorization: Bearer ..."`.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class InspectorCliTests(LocalDirectus directus)
{
    [Theory]
    [InlineData(HttpTransportMode.StreamableHttp)]
    [InlineData(HttpTransportMode.Sse)]
    public async Task The_inspector_lists_and_calls_tools_with_a_bearer_header(HttpTransportMode transport)
    {
        await using var server = transport == HttpTransportMode.Sse
            ? await HttpServerProcess.StartAsync(directus.ServerEnvironment(), "--legacy-sse")
            : await HttpServerProcess.StartAsync(directus.ServerEnvironment());
        var target = transport == HttpTransportMode.Sse ? new Uri(server.BaseUri, "/sse") : server.McpEndpoint;
        var bearer = "Authorization: Bearer " + directus.Stack["ALICE_TOKEN"];

        var (listExit, list) = await InspectAsync(target, transport, bearer, "--method", "tools/list");
        var (callExit, call) = await InspectAsync(target, transport, bearer,
            "--method", "tools/call", "--tool-name", "list_creator_profiles", "--tool-args-json", """{"limit":100}""");

        Assert.Equal(0, listExit);
        var tools = list["result"]!["tools"]!.AsArray().Select(t => (string?)t!["name"]).ToList();
        Assert.Contains("list_creator_profiles", tools);
        Assert.Contains("get_creator_profile", tools);
        Assert.Equal(0, callExit);
        Assert.NotEqual(true, (bool?)call["result"]!["isError"]);
        var items = call["result"]!["structuredContent"]!["items"]!.AsArray();
        Assert.NotEmpty(items);
        Assert.All(items, p => Assert.Equal(directus.Stack["ALICE_USER_ID"], (string?)p!["user_id"]));
    }

    [Fact]
    public async Task Without_a_valid_token_the_inspector_reports_that_authentication_is_required()
    {
        await using var server = await HttpServerProcess.StartAsync(directus.ServerEnvironment());

        var results = await Task.WhenAll(
            InspectAsync(server.McpEndpoint, HttpTransportMode.StreamableHttp, header: null, "--method", "tools/list"),
            InspectAsync(server.McpEndpoint, HttpTransportMode.StreamableHttp, "Authorization: Bearer not-a-directus-token", "--method", "tools/list"));

        Assert.All(results, r =>
        {
            Assert.Equal(3, r.ExitCode); // the CLI's exit code for auth_required
            Assert.Equal("auth_required", (string?)r.Output["error"]!["code"]);
            Assert.Null(r.Output["result"]);
        });
    }

    /// <summary>`mcp-inspector --cli URL --transport http|sse [--header H] ARGS --format json`; non-interactive: a
    /// server that wants authentication fails the call instead of starting a browser login.</summary>
    private static async Task<(int ExitCode, JsonObject Output)> InspectAsync(Uri target, HttpTransportMode transport, string? header, params string[] arguments)
    {
        var launcher = Node22.Installed(RepoPaths.InspectorClientDir, "@modelcontextprotocol/inspector/clients/launcher/build/index.js");
        List<string> command = ["--cli", target.ToString(), "--transport", transport == HttpTransportMode.Sse ? "sse" : "http", "--stored-auth-only", "--format", "json"];
        if (header is not null)
        {
            command.AddRange(["--header", header]);
        }

        var result = await Node22.RunAsync(launcher, [.. command, .. arguments], TimeSpan.FromMinutes(2));
        // JSON results go to stdout; with --format json the error envelope does too (stderr as a fallback).
        var json = result.StandardOutput.Trim().Length > 0 ? result.StandardOutput : result.StandardError;
        try
        {
            return (result.ExitCode, JsonNode.Parse(json)!.AsObject());
        }
        catch (System.Text.Json.JsonException)
        {
            throw new InvalidOperationException($"mcp-inspector --cli printed no JSON (exit {result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
        }
    }
}
