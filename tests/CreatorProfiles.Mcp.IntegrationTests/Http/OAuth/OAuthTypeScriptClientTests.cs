using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Credentials;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Http.OAuth;

/// <summary>
/// docs/oauth.md, end to end as a hosted client does it: the official TypeScript SDK client's OAuth
/// support (tests/clients/browser/oauth-e2e.mjs) gets the 401, reads the metadata, registers, sends the person to the
/// provider's login, which headless Chromium fills in, exchanges the code and calls tools; alice and bob each see only
/// their own profiles.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class OAuthTypeScriptClientTests(LocalDirectus directus, ITestOutputHelper output)
{
    private static readonly string ClientDir = Path.Combine(RepoPaths.Root, "tests", "clients", "browser");

    [ChromiumFact]
    public async Task The_typescript_sdk_client_signs_alice_and_bob_in_through_the_browser_and_each_sees_only_their_profiles()
    {
        Node22.Installed(ClientDir, "playwright-core/package.json");
        Node22.Installed(RepoPaths.TypeScriptClientDir, "@modelcontextprotocol/sdk/package.json");
        await using var stack = await OAuthStack.StartAsync(directus);
        foreach (var person in new[] { "alice", "bob" })
        {
            var plan = new { url = stack.Resource, account = person, chromium = ChromiumFactAttribute.Executable };
            var run = await ProcessRunner.RunAsync("node", [Path.Combine(ClientDir, "oauth-e2e.mjs")], standardInput: JsonSerializer.Serialize(plan),
                timeout: TimeSpan.FromMinutes(3));
            Assert.True(run.ExitCode == 0, $"oauth-e2e.mjs failed ({run.ExitCode}): {run.StandardError}\n{stack.Server.StandardError}");
            var result = JsonNode.Parse(run.StandardOutput.Trim().Split('\n')[^1])!;
            foreach (var step in result["steps"]!.AsArray())
            {
                output.WriteLine($"{person}: {step!.ToJsonString()}");
            }

            var profiles = result["profiles"]!.AsArray().Select(p => ((string?)p!["username"], (string?)p["user_id"])).ToList();
            output.WriteLine($"{person}: {result["tools"]} tools; profiles {string.Join(", ", profiles.Select(p => p.Item1))}");
            Assert.True(result["tools"]!.GetValue<int>() > 0);
            Assert.Contains(profiles, p => p.Item1!.StartsWith(person + "_", StringComparison.Ordinal)); // the seeded ones
            // Owned by that person only (other tests add profiles of theirs to the shared Directus, under other names).
            Assert.All(profiles, p => Assert.Equal(directus.Stack[person.ToUpperInvariant() + "_USER_ID"], p.Item2));
        }
    }
}
