using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using Microsoft.IdentityModel.Tokens;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Http.OAuth;

/// <summary>
/// docs/oauth.md: the server in --auth oauth with a real OpenID provider and a real Directus. The
/// metadata document as served, and every way a token can be wrong: each answered 401 with the challenge that points
/// at the metadata (error="invalid_token" once a token was sent) and one identical body, its reason only in the audit
/// line; a token lacking the scope a call needs gets 403 insufficient_scope naming that scope.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class OAuthRefusalTests(LocalDirectus directus, ITestOutputHelper output)
{
    private const string Initialize =
        """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";

    private const string UserScopes = "profiles:read profiles:write scrapes:trigger credentials:write";

    [Fact]
    public async Task The_protected_resource_metadata_names_the_resource_the_provider_and_the_scopes_at_both_well_known_paths()
    {
        await using var stack = await OAuthStack.StartAsync(directus);
        using var http = new HttpClient();
        var suffixed = await http.GetStringAsync(new Uri(stack.Server.BaseUri, "/.well-known/oauth-protected-resource/mcp"));
        var bare = await http.GetStringAsync(new Uri(stack.Server.BaseUri, "/.well-known/oauth-protected-resource"));
        output.WriteLine(suffixed);

        Assert.Equal(suffixed, bare);
        var metadata = JsonNode.Parse(suffixed)!;
        Assert.Equal(stack.Resource, metadata["resource"]!.GetValue<string>());
        Assert.Equal([stack.Provider.Issuer], metadata["authorization_servers"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal([.. UserScopes.Split(' '), "credentials:decrypt"], metadata["scopes_supported"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(["header"], metadata["bearer_methods_supported"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    [Trait("Category", "AotSmoke")]
    [Fact]
    public async Task Every_wrong_token_gets_the_same_401_with_the_metadata_challenge_and_a_missing_scope_a_403_naming_it()
    {
        await using var stack = await OAuthStack.StartAsync(directus);
        var rogue = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "rogue-key" };
        var sameKidOtherKey = new RsaSecurityKey(RSA.Create(2048)) { KeyId = stack.Provider.SigningKey.KeyId };
        var hmac = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = stack.Provider.SigningKey.KeyId };
        var now = DateTime.UtcNow;
        var cases = new (string Case, string? Token, string Reason)[]
        {
            ("no token", null, "no_token"),
            ("expired (10 min ago, skew is 30 s)", stack.Sign(t => { t.IssuedAt = t.NotBefore = now.AddMinutes(-20); t.Expires = now.AddMinutes(-10); }), "expired"),
            ("not yet valid (nbf in 10 min)", stack.Sign(t => { t.NotBefore = now.AddMinutes(10); t.Expires = now.AddMinutes(20); }), "not_yet_valid"),
            ("wrong issuer", stack.Sign(t => t.Issuer = "http://127.0.0.1:1"), "wrong_issuer"),
            ("wrong audience: the provider's token for another resource", (await stack.SignInAsync("alice", UserScopes, OAuthStack.OtherResource)).AccessToken, "wrong_audience"),
            ("alg none, unsigned", stack.Unsigned(), "bad_signature"),
            ("signed by a key not in the provider's set", stack.Sign(_ => { }, rogue), "unknown_key"),
            ("the provider's key id, another key", stack.Sign(_ => { }, sameKidOtherKey), "bad_signature"),
            ("HS256 with the provider's key id", stack.Sign(t => t.SigningCredentials = new SigningCredentials(hmac, SecurityAlgorithms.HmacSha256)), "unknown_key"),
            ("a subject with no Directus user (carol, a real token)", (await stack.SignInAsync("carol", UserScopes)).AccessToken, "no_directus_user"),
            ("a Directus static token", directus.Stack["ALICE_TOKEN"], "malformed"),
        };

        var bodies = new HashSet<string>();
        var challengeWithoutToken = $"Bearer resource_metadata=\"{stack.Server.BaseUri}.well-known/oauth-protected-resource/mcp\", scope=\"{UserScopes}\"";
        foreach (var (name, token, reason) in cases)
        {
            using var response = await stack.PostAsync(token, Initialize);
            var challenge = response.Headers.WwwAuthenticate.ToString();
            var body = await response.Content.ReadAsStringAsync();
            output.WriteLine($"| {name} | {(int)response.StatusCode} | {challenge} | audit refused:{reason} |");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal(token is null ? challengeWithoutToken : challengeWithoutToken + ", error=\"invalid_token\"", challenge);
            bodies.Add(body);
        }

        Assert.Single(bodies);
        output.WriteLine("401 body: " + bodies.Single());

        // A valid token without profiles:write: reading works, a write tool is refused by name of the scope.
        var readOnly = (await stack.SignInAsync("alice", "profiles:read")).AccessToken;
        using (var read = await stack.PostAsync(readOnly, Call("list_creator_profiles", """{"limit":1}""")))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        using var write = await stack.PostAsync(readOnly, Call("set_profile_active", $$"""{"id":"{{Guid.NewGuid()}}","is_active":false}"""));
        var forbidden = write.Headers.WwwAuthenticate.ToString();
        var forbiddenBody = await write.Content.ReadAsStringAsync();
        output.WriteLine($"| missing scope (set_profile_active with profiles:read) | {(int)write.StatusCode} | {forbidden} | {forbiddenBody.Trim()} |");
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal($"Bearer error=\"insufficient_scope\", scope=\"profiles:write\", resource_metadata=\"{stack.Server.BaseUri}.well-known/oauth-protected-resource/mcp\"", forbidden);
        Assert.Contains("'profiles:write'", forbiddenBody, StringComparison.Ordinal);

        // Beyond tools: a token without profiles:read reads no resource, even one with every other user scope.
        var noRead = stack.Sign(t => t.Claims["scope"] = "profiles:write scrapes:trigger credentials:write");
        using (var read = await stack.PostAsync(noRead,
            """{"jsonrpc":"2.0","id":3,"method":"resources/read","params":{"uri":"creatorprofiles://profiles/00000000-0000-4000-8000-000000000001"}}"""))
        {
            Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
            Assert.Contains("scope=\"profiles:read\"", read.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        // One audit line per refusal, with its reason; the Directus token itself never appears in the server's output.
        await stack.Server.DisposeAsync();
        foreach (var (_, _, reason) in cases)
        {
            Assert.Contains($"\"outcome\":\"refused:{reason}\"", stack.Server.StandardError, StringComparison.Ordinal);
        }

        Assert.Contains("\"action\":\"tool:set_profile_active\",\"outcome\":\"insufficient_scope:profiles:write\"", stack.Server.StandardError, StringComparison.Ordinal);
        Assert.Contains("\"action\":\"resource:read\",\"outcome\":\"insufficient_scope:profiles:read\"", stack.Server.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(directus.Stack["ALICE_TOKEN"], stack.Server.StandardError, StringComparison.Ordinal);
    }

    private static string Call(string tool, string arguments) =>
        new JsonObject
        {
            ["jsonrpc"] = "2.0", ["id"] = 2, ["method"] = "tools/call",
            ["params"] = new JsonObject { ["name"] = tool, ["arguments"] = JsonNode.Parse(arguments) },
        }.ToJsonString();
}
