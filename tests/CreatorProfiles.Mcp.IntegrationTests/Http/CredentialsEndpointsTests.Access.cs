using System.Net;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using CreatorProfiles.Mcp.IntegrationTests.Scrapes;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>Who may call: authentication, the decrypt role check (alice and the admin refused alike, CREDENTIALS_DECRYPT_ROLES), the rate limit, and a server without a key or without auth.</summary>
public sealed partial class CredentialsEndpointsTests
{
    [Fact]
    public async Task Any_authenticated_caller_may_encrypt_and_a_missing_or_refused_token_gets_401()
    {
        var body = new JsonObject { ["credentials"] = new JsonObject { ["password"] = "x" } };

        var alice = await _api.EncryptAsync(Alice, body);
        var admin = await _api.EncryptAsync(Admin, body);
        var none = await _api.EncryptAsync(null, body);
        var refused = await _api.DecryptAsync("not-a-directus-token", new JsonObject { ["profile_id"] = Missing });

        AssertStatus(HttpStatusCode.OK, alice);
        AssertStatus(HttpStatusCode.OK, admin);
        AssertStatus(HttpStatusCode.Unauthorized, none);
        AssertStatus(HttpStatusCode.Unauthorized, refused);
        Assert.Equal("Bearer realm=\"creator-profiles-mcp\"", none.WwwAuthenticate);
        Assert.Equal(none.Body, refused.Body);
        Assert.NotEqual((string?)alice.Json["enc"], (string?)admin.Json["enc"]); // a fresh iv every time
    }

    [Fact]
    public async Task Alice_and_the_admin_without_the_role_are_refused_decrypt_alike_whatever_they_ask()
    {
        var alicesProfile = await _rows.CreateProfileAsync(ownerId: directus.Stack["ALICE_USER_ID"], cookies: ScrapeTestData.Cookies.Valid);
        var bobsProfile = await _rows.CreateProfileAsync(ownerId: directus.Stack["BOB_USER_ID"]);
        var enc = await _api.EnvelopeAsync(Alice, new JsonObject { ["password"] = Canary("pw") });
        string[] bodies =
        [
            new JsonObject { ["profile_id"] = alicesProfile }.ToJsonString(),
            new JsonObject { ["profile_id"] = alicesProfile, ["source"] = "cookies" }.ToJsonString(),
            new JsonObject { ["profile_id"] = bobsProfile }.ToJsonString(),
            new JsonObject { ["profile_id"] = Missing }.ToJsonString(),
            new JsonObject { ["profile_id"] = "not-a-uuid" }.ToJsonString(),
            new JsonObject { ["enc"] = Envelope(enc) }.ToJsonString(),
            new JsonObject { ["enc"] = "v1:broken" }.ToJsonString(),
            "{}",
            "not json at all",
        ];

        var answers = new List<(string Who, string Body, ApiAnswer Answer)>();
        foreach (var (who, token) in new[] { ("alice", Alice), ("admin", Admin) })
        {
            foreach (var body in bodies)
            {
                answers.Add((who, body, await _api.PostAsync(_api.Decrypt, token, body)));
            }
        }

        var first = answers[0].Answer;
        AssertStatus(HttpStatusCode.Forbidden, first);
        Assert.Equal("forbidden", (string?)first.Json["error"]);
        foreach (var (who, body, answer) in answers)
        {
            Assert.True(answer.Status == HttpStatusCode.Forbidden && answer.Body == first.Body, $"{who} {body}: {answer}");
        }

        Assert.DoesNotContain(alicesProfile, first.Body);
        var refusals = await _audit.WaitForAsync(l => (string?)l["action"] == "api:credentials/decrypt", count: answers.Count);
        Assert.All(refusals, l => Assert.Equal("forbidden", (string?)l["outcome"]));
        Assert.True(refusals.Select(l => (string)l["caller"]!).ToHashSet().SetEquals([directus.Stack["ADMIN_USER_ID"], directus.Stack["ALICE_USER_ID"]]));
        Assert.All(refusals, l => Assert.Null(l["target"])); // the body of a refused caller is never read
    }

    [Fact]
    public async Task CREDENTIALS_DECRYPT_ROLES_decides_who_may_decrypt()
    {
        var enc = await _api.EnvelopeAsync(Alice, new JsonObject { ["password"] = "x" });
        var body = new JsonObject { ["enc"] = Envelope(enc) };
        var (server, api) = await StartAsync(e => e["CREDENTIALS_DECRYPT_ROLES"] = "Creator, auditor");
        await using (server)
        using (api)
        {
            AssertStatus(HttpStatusCode.OK, await api.DecryptAsync(Alice, body));
            AssertStatus(HttpStatusCode.Forbidden, await api.DecryptAsync(Worker, body));
        }
    }

    [Fact]
    public async Task Over_the_rate_limit_calls_get_429_with_Retry_After_and_other_callers_and_endpoints_keep_working()
    {
        var enc = await _api.EnvelopeAsync(Worker, new JsonObject { ["password"] = "x" });
        var (server, api) = await StartAsync(e => e["RATE_LIMIT_SENSITIVE_CALLS_PER_MINUTE"] = "3");
        await using (server)
        using (api)
        {
            var body = new JsonObject { ["enc"] = Envelope(enc) };
            var answers = new List<ApiAnswer>();
            for (var i = 0; i < 5; i++)
            {
                answers.Add(await api.DecryptAsync(Worker, body));
            }

            Assert.Equal([200, 200, 200, 429, 429], answers.Select(a => (int)a.Status));
            var refusal = answers[3];
            Assert.True(int.TryParse(refusal.RetryAfter, out var seconds) && seconds >= 1, refusal.RetryAfter);
            Assert.Equal("rate_limited", (string?)refusal.Json["error"]);
            Assert.Equal(seconds, (int?)refusal.Json["retry_after_seconds"]);
            Assert.Contains("retry after", (string?)refusal.Json["message"]);
            AssertStatus(HttpStatusCode.OK, await api.EncryptAsync(Alice, new JsonObject { ["credentials"] = new JsonObject { ["a"] = "b" } }));
            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(server.BaseUri, "/healthz"))).StatusCode);
            await _audit.WaitForAsync(l => (string?)l["outcome"] == "rate_limited", count: 2);
        }
    }

    [Fact]
    public async Task Without_a_key_both_endpoints_say_so_and_with_no_auth_they_are_not_served()
    {
        var (server, api) = await StartAsync(e => e.Remove("CREDENTIALS_ENC_KEY_B64"));
        await using (server)
        using (api)
        {
            var encrypt = await api.EncryptAsync(Alice, new JsonObject { ["credentials"] = new JsonObject { ["a"] = "b" } });
            var decrypt = await api.DecryptAsync(Worker, new JsonObject { ["profile_id"] = Missing });
            var forbidden = await api.DecryptAsync(Alice, new JsonObject { ["profile_id"] = Missing });

            AssertStatus(HttpStatusCode.ServiceUnavailable, encrypt);
            Assert.Equal("not_configured", (string?)encrypt.Json["error"]);
            Assert.Contains("CREDENTIALS_ENC_KEY_B64", (string?)encrypt.Json["message"]);
            AssertStatus(HttpStatusCode.ServiceUnavailable, decrypt);
            AssertStatus(HttpStatusCode.Forbidden, forbidden); // the role is checked first, whatever the configuration
        }

        var environment = directus.ServerEnvironment(directus.Stack["BOB_TOKEN"]);
        await using var noAuth = await HttpServerProcess.StartAsync(environment, "--no-auth");
        using var noAuthApi = new CredentialsApi(noAuth);
        AssertStatus(HttpStatusCode.NotFound, await noAuthApi.EncryptAsync(null, new JsonObject { ["credentials"] = new JsonObject { ["a"] = "b" } }));
        AssertStatus(HttpStatusCode.NotFound, await noAuthApi.DecryptAsync(null, new JsonObject { ["profile_id"] = Missing }));
    }
}
