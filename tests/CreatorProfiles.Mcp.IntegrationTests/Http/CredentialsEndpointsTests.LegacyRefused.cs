using System.Net;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using CreatorProfiles.Mcp.IntegrationTests.Maintenance;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>CREDENTIALS_ACCEPT_LEGACY=false: a server that refuses the legacy forms answers legacy_refused, with the
/// fix, on the decrypt endpoint (credentials and cookies, and an <c>enc</c> handed in) and in get_credentials_status,
/// while v1 envelopes still open; the same rows on a server with the default still read.</summary>
public sealed partial class CredentialsEndpointsTests
{
    [Fact]
    public async Task With_legacy_refused_every_legacy_value_answers_legacy_refused_and_envelopes_still_open()
    {
        var (server, api) = await StartAsync(e => e[CredentialsCipher.AcceptLegacyVariable] = "false");
        await using var serverScope = server;
        using var apiScope = api;
        var secret = new JsonObject { ["username"] = "legacy", ["password"] = Canary("password") };
        var plaintext = await _stored.CreateProfileAsync(secret.DeepClone(), "eplr");
        var bare = await _stored.CreateProfileAsync(JsonValue.Create(await api.EnvelopeAsync(Worker, secret)), "eplb");
        var envelope = await _stored.CreateProfileAsync(Envelope(await api.EnvelopeAsync(Worker, secret)), "eplv");
        await AddSessionAsync(envelope, JsonValue.Create(await api.EnvelopeAsync(Worker, new JsonObject { ["sess"] = Canary("sess") })), DateTimeOffset.UtcNow.AddDays(1));

        var answers = new Dictionary<string, ApiAnswer>
        {
            ["plaintext credentials"] = await api.DecryptAsync(Worker, await ForJobAsync(plaintext)),
            ["bare v1 credentials"] = await api.DecryptAsync(Worker, await ForJobAsync(bare)),
            ["bare v1 cookies"] = await api.DecryptAsync(Worker, await ForJobAsync(envelope, "cookies")),
            ["bare v1 enc handed in"] = await api.DecryptAsync(Worker, new JsonObject { ["enc"] = await api.EnvelopeAsync(Worker, secret) }),
        };
        var opened = await api.DecryptAsync(Worker, await ForJobAsync(envelope));
        var acceptedByDefault = await _api.DecryptAsync(Worker, await ForJobAsync(plaintext));

        foreach (var (name, answer) in answers)
        {
            output.WriteLine($"{name}: {answer}");
            Assert.True(answer.Status == (name.Contains("handed in") ? HttpStatusCode.BadRequest : HttpStatusCode.UnprocessableEntity), $"{name}: {answer}");
            Assert.Equal("legacy_refused", (string?)answer.Json["error"]);
            Assert.Contains("credentials migrate-legacy", (string?)answer.Json["message"]);
            Assert.DoesNotContain("CANARY", answer.Body);
        }

        AssertStatus(HttpStatusCode.OK, opened);
        AssertCredentials(secret, opened);
        AssertStatus(HttpStatusCode.OK, acceptedByDefault);
        Assert.Equal("legacy_plaintext", (string?)acceptedByDefault.Json["format"]);

        // The tools of the same server say it too, with and without verify, and without a value.
        await using var admin = await server.ConnectAsync(Admin);
        foreach (var id in new[] { plaintext, bare })
        {
            foreach (var verify in new[] { false, true })
            {
                var status = (await admin.CallAsync("get_credentials_status", new { profile_id = id, verify })).Structured();
                output.WriteLine($"get_credentials_status verify={verify}: {status.ToJsonString()}");
                Assert.Equal(("legacy_refused", false, true), ((string?)status["status"], (bool?)status["verified"], (bool?)status["needs_reencryption"]));
                Assert.Contains("CREDENTIALS_ACCEPT_LEGACY", (string?)status["message"]);
                Assert.Null(status["fields"]);
            }
        }

        var current = (await admin.CallAsync("get_credentials_status", new { profile_id = envelope, verify = true })).Structured();
        Assert.Equal(("ok", true), ((string?)current["status"], (bool?)current["verified"]));
        Assert.DoesNotContain("CANARY", server.StandardError);
    }
}
