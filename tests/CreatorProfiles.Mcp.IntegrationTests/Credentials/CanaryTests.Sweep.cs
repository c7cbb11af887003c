using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CreatorProfiles.Mcp.IntegrationTests.Golden;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;

namespace CreatorProfiles.Mcp.IntegrationTests.Credentials;

/// <summary>The sweep: every tool, resource and prompt called through the C# client and the TypeScript SDK client, every answer recorded for the scan.</summary>
public sealed partial class CanaryTests
{
    private async Task<JsonObject> CallAsync(McpClient client, string where, string tool, JsonObject arguments)
    {
        _calls++;
        try
        {
            var result = await client.CallToolRawAsync(tool, arguments);
            Seen($"{where}: {tool} result", result.ToJsonString(Unescaped));
            return result;
        }
        catch (Exception e)
        {
            Seen($"{where}: {tool} exception", e.ToString());
            return [];
        }
    }

    private async Task<T?> RequestAsync<T>(McpClient client, string where, string method, JsonObject parameters, Func<JsonObject, T> read)
    {
        try
        {
            var result = await client.RequestAsync(method, parameters);
            Seen($"{where}: {method}", result.ToJsonString(Unescaped));
            return read(result);
        }
        catch (Exception e)
        {
            Seen($"{where}: {method} exception", e.ToString());
            return default;
        }
    }

    private async Task SweepAsync(McpClient client, string where)
    {
        var tools = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var page = await client.RequestAsync("tools/list", cursor is null ? [] : new JsonObject { ["cursor"] = cursor });
            Seen($"{where}: tools/list", page.ToJsonString(Unescaped));
            tools.AddRange(page["tools"]!.AsArray().Select(t => t!.AsObject()));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        foreach (var (tool, arguments) in Plan(tools))
        {
            await CallAsync(client, where, tool, arguments);
        }

        foreach (var uri in await ResourceUrisAsync(client, where))
        {
            await RequestAsync(client, where, "resources/read", new JsonObject { ["uri"] = uri }, r => r);
        }

        foreach (var (prompt, arguments) in await PromptsAsync(client, where))
        {
            await RequestAsync(client, where, "prompts/get", new JsonObject { ["name"] = prompt, ["arguments"] = arguments }, r => r);
        }
    }

    private async Task<List<string>> ResourceUrisAsync(McpClient client, string where)
    {
        var uris = await RequestAsync(client, where, "resources/list", [], r => r["resources"]!.AsArray().Select(x => (string)x!["uri"]!).ToList()) ?? [];
        var templates = await RequestAsync(client, where, "resources/templates/list", [], r => r["resourceTemplates"]!.AsArray().Select(x => (string)x!["uriTemplate"]!).ToList()) ?? [];
        foreach (var template in templates)
        {
            uris.AddRange(ProfileIds.Select(id => TemplateVariable().Replace(template, id)));
        }

        return uris;
    }

    private async Task<List<(string Name, JsonObject Arguments)>> PromptsAsync(McpClient client, string where)
    {
        var prompts = await RequestAsync(client, where, "prompts/list", [], r => r["prompts"]!.AsArray().Select(p => p!.AsObject()).ToList()) ?? [];
        var calls = new List<(string, JsonObject)>();
        foreach (var prompt in prompts)
        {
            var all = new JsonObject();
            var required = new JsonObject();
            foreach (var argument in prompt["arguments"] as JsonArray ?? [])
            {
                var name = (string)argument!["name"]!;
                string value = IsProfileId(name) || name.EndsWith("_id", StringComparison.Ordinal) ? _profiles[0] : name == "platform" ? "onlyfans" : "canary test";
                all[name] = value;
                if ((bool?)argument["required"] == true)
                {
                    required[name] = value;
                }
            }

            calls.Add(((string)prompt["name"]!, required));
            calls.Add(((string)prompt["name"]!, all));
        }

        return calls;
    }

    private async Task SweepTypeScriptAsync()
    {
        // The tool list and prompts as the C# client sees them; the TypeScript client makes its own requests for them.
        List<JsonObject> tools;
        List<string> uris;
        List<(string Name, JsonObject Arguments)> prompts;
        await using (var session = await StdioSession.StartAsync(directus.ServerEnvironment(), "2025-11-25"))
        {
            tools = (await session.Client.RequestAsync("tools/list", []))["tools"]!.AsArray().Select(t => t!.AsObject()).ToList();
            uris = await ResourceUrisAsync(session.Client, "TypeScript (listing via C#)");
            prompts = await PromptsAsync(session.Client, "TypeScript (listing via C#)");
            Seen("server stderr (listing for TypeScript)", session.StandardError);
        }

        var plan = Plan(tools);
        _calls += plan.Count;
        var steps = new List<TypeScriptClient.Step> { new(ListTools: true) };
        steps.Add(new("create_creator_profile", new JsonObject { ["platform"] = "onlyfans", ["username"] = Username(), ["credentials"] = CanaryCredentials() }));
        steps.Add(new("encrypt_credentials", new JsonObject { ["credentials"] = CanaryCredentials() }));
        steps.AddRange(plan.Select(p => new TypeScriptClient.Step(p.Tool, p.Arguments)));
        steps.AddRange(uris.Select(uri => new TypeScriptClient.Step { ReadResource = uri }));
        steps.AddRange(prompts.Select(p => new TypeScriptClient.Step(Arguments: p.Arguments) { GetPrompt = p.Name }));

        var result = await TypeScriptClient.RunAsync(directus.ServerEnvironment(), [.. steps]);
        Seen("TypeScript client output", result.RawOutput);
        Seen("server stderr (TypeScript)", result.ServerStandardError);
        Assert.Equal(steps.Count, result.Steps.Count);
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex TemplateVariable();
}
