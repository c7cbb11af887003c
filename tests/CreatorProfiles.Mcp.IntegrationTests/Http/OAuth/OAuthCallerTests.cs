using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Http.OAuth;

/// <summary>
/// docs/oauth.md: callers with real tokens from the provider (dynamic registration, authorization code +
/// PKCE, refresh, client credentials) against a real Directus: each person is the Directus user their subject names
/// and sees only their own profiles; a token's scopes decide which tools it is shown; the worker's client-credentials
/// token decrypts for a running job and a person's token with every user scope cannot.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class OAuthCallerTests(LocalDirectus directus, ITestOutputHelper output)
{
    private const string UserScopes = "profiles:read profiles:write scrapes:trigger credentials:write";

    [Trait("Category", "AotSmoke")]
    [Fact]
    public async Task Alice_and_bob_signed_in_through_the_provider_each_see_only_their_own_profiles()
    {
        await using var stack = await OAuthStack.StartAsync(directus);
        foreach (var person in new[] { "alice", "bob" })
        {
            var tokens = await stack.SignInAsync(person, UserScopes);
            await using var client = await stack.Server.ConnectAsync(tokens.AccessToken);
            var tools = await client.ListToolsAsync();
            var profiles = await client.WalkAsync("list_creator_profiles", new() { ["limit"] = 50 });
            var usernames = profiles.Select(p => p["untrusted"]!["username"]!.GetValue<string>()).ToList();
            var owners = profiles.Select(p => (string?)p["user_id"]).Distinct().ToList();
            output.WriteLine($"{person}: {tools.Count} tools, profiles {string.Join(", ", usernames)}");

            Assert.Contains(tools, t => t.Name == "set_profile_active");
            Assert.NotEmpty(usernames);
            Assert.Contains(usernames, username => username.StartsWith(person + "_", StringComparison.Ordinal)); // the seeded ones
            // Owned by that person only (other tests add profiles of theirs to the shared Directus, under other names).
            Assert.Equal([directus.Stack[person.ToUpperInvariant() + "_USER_ID"]], owners);
        }
    }

    [Fact]
    public async Task With_OAUTH_USER_CLAIM_oid_the_oid_names_the_user_and_a_pairwise_sub_is_ignored()
    {
        // Entra ID's shape: a sub of this application only, and the tenant-wide object id that Directus stored.
        await using var stack = await OAuthStack.StartAsync(directus, new Dictionary<string, string> { ["OAUTH_USER_CLAIM"] = "oid" });
        var withOid = stack.Sign(t => { t.Claims["sub"] = "pairwise-" + Guid.NewGuid().ToString("N"); t.Claims["oid"] = "bob"; });
        var withoutOid = stack.Sign(_ => { }); // sub alice, no oid

        await using var bob = await stack.Server.ConnectAsync(withOid);
        var owners = (await bob.WalkAsync("list_creator_profiles", new() { ["limit"] = 50 })).Select(p => (string?)p["user_id"]).Distinct();
        using var refused = await stack.PostAsync(withoutOid, """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""");

        Assert.Equal([directus.Stack["BOB_USER_ID"]], owners);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task With_OAUTH_USER_CLAIM_email_only_a_verified_address_names_the_user()
    {
        await using var stack = await OAuthStack.StartAsync(directus, new Dictionary<string, string> { ["OAUTH_USER_CLAIM"] = "email" });
        var verified = stack.Sign(t => { t.Claims["sub"] = "someone"; t.Claims["email"] = "bob@example.com"; t.Claims["email_verified"] = true; });
        var unverified = stack.Sign(t => { t.Claims["sub"] = "someone"; t.Claims["email"] = "bob@example.com"; t.Claims["email_verified"] = false; });
        var unsaid = stack.Sign(t => { t.Claims["sub"] = "someone"; t.Claims["email"] = "bob@example.com"; });

        await using var bob = await stack.Server.ConnectAsync(verified);
        var owners = (await bob.WalkAsync("list_creator_profiles", new() { ["limit"] = 50 })).Select(p => (string?)p["user_id"]).Distinct();
        Assert.Equal([directus.Stack["BOB_USER_ID"]], owners);
        foreach (var token in new[] { unverified, unsaid })
        {
            using var refused = await stack.PostAsync(token, """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
    }

    [Fact]
    public async Task A_refresh_token_gets_a_new_access_token_that_works()
    {
        await using var stack = await OAuthStack.StartAsync(directus);
        var clientId = await stack.Provider.RegisterClientAsync();
        var first = await stack.Provider.SignInAsync(clientId, "bob", "profiles:read", stack.Resource);
        var second = await stack.Provider.RefreshAsync(clientId, first.RefreshToken!, stack.Resource);

        Assert.NotEqual(first.AccessToken, second.AccessToken);
        await using var client = await stack.Server.ConnectAsync(second.AccessToken);
        Assert.True((await client.CallAsync("list_creator_profiles", new { limit = 1 })).IsError != true);
    }

    [Fact]
    public async Task A_token_with_only_profiles_read_is_shown_only_the_read_tools()
    {
        await using var stack = await OAuthStack.StartAsync(directus);
        var full = await stack.SignInAsync("alice", UserScopes);
        var readOnly = await stack.SignInAsync("alice", "profiles:read");
        await using var fullClient = await stack.Server.ConnectAsync(full.AccessToken);
        await using var readClient = await stack.Server.ConnectAsync(readOnly.AccessToken);

        var all = await fullClient.ListToolsAsync();
        var shown = await readClient.ListToolsAsync();
        output.WriteLine($"every user scope: {all.Count} tools; profiles:read: {string.Join(", ", shown.Select(t => t.Name))}");

        Assert.Equal(all.Where(t => t.ProtocolTool.Annotations?.ReadOnlyHint == true).Select(t => t.Name).Order(), shown.Select(t => t.Name).Order());
        Assert.True(shown.Count > 0 && shown.Count < all.Count);
    }

    [Fact]
    public async Task The_workers_client_credentials_token_decrypts_for_a_running_job_and_alice_with_every_user_scope_cannot()
    {
        await using var stack = await OAuthStack.StartAsync(directus);
        var profile = await directus.Rest.ProfileIdAsync("alice_daydream");
        var job = (await directus.Rest.ItemsAsync("media_jobs", new JsonObject { ["profile_id"] = new JsonObject { ["_eq"] = profile }, ["status"] = new JsonObject { ["_eq"] = "running" } }.ToJsonString(), "id"))
            .Single()!["id"]!.GetValue<string>();
        var body = new JsonObject { ["profile_id"] = profile, ["job_id"] = job }.ToJsonString();

        var worker = await stack.Provider.WorkerTokenAsync("credentials:decrypt", stack.Resource);
        var alice = await stack.SignInAsync("alice", UserScopes);
        using var allowed = await DecryptAsync(stack, worker.AccessToken, body);
        using var refused = await DecryptAsync(stack, alice.AccessToken, body);
        output.WriteLine($"worker: {(int)allowed.StatusCode}; alice: {(int)refused.StatusCode} {refused.Headers.WwwAuthenticate}");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("scope=\"credentials:decrypt\"", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> DecryptAsync(OAuthStack stack, string token, string body)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(stack.Server.BaseUri, "/api/credentials/decrypt"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
