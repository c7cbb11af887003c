using System.Net;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>Decrypt is bound to work: plaintext only for a profile named with its running media job; every other
/// way of asking, and a value handed in as <c>enc</c> while CREDENTIALS_DECRYPT_ALLOW_ENC is off, gets one and the
/// same 403 body.</summary>
public sealed partial class CredentialsEndpointsTests
{
    [Fact]
    public async Task Decrypt_needs_a_running_job_of_the_profile_and_every_other_request_gets_the_same_refusal()
    {
        var (server, api) = await StartAsync(e => e[CredentialsDecryptOptions.AllowEncVariable] = "false");
        await using var serverScope = server;
        using var apiScope = api;
        var credentials = new JsonObject { ["username"] = "bound", ["password"] = Canary("password") };
        var cookies = new JsonObject { ["sess"] = Canary("sess") };
        var enc = await api.EnvelopeAsync(Worker, credentials);
        var profile = await _stored.CreateProfileAsync(Envelope(enc), "epbw");
        await AddSessionAsync(profile, Envelope(await api.EnvelopeAsync(Worker, cookies)), DateTimeOffset.UtcNow.AddDays(1));
        var other = await _stored.CreateProfileAsync(Envelope(enc), "epbo");
        var queuedProfile = await _stored.CreateProfileAsync(Envelope(enc), "epbq");
        var running = await AddJobAsync(profile, "running");
        var finished = await AddJobAsync(profile, "done");
        var failed = await AddJobAsync(profile, "failed");
        var othersRunning = await AddJobAsync(other, "running");
        var queued = await AddJobAsync(queuedProfile, "queued");

        // Allowed: the profile's credentials and cookies, named with its running job.
        var allowed = await api.DecryptAsync(Worker, new JsonObject { ["profile_id"] = profile, ["job_id"] = running });
        AssertStatus(HttpStatusCode.OK, allowed);
        AssertCredentials(credentials, allowed);
        var allowedCookies = await api.DecryptAsync(Worker, new JsonObject { ["profile_id"] = profile, ["job_id"] = running, ["source"] = "cookies" });
        AssertStatus(HttpStatusCode.OK, allowedCookies);
        AssertCredentials(cookies, allowedCookies);

        var refused = new (string Case, string Body)[]
        {
            ("no job_id", new JsonObject { ["profile_id"] = profile }.ToJsonString()),
            ("no job_id, cookies", new JsonObject { ["profile_id"] = profile, ["source"] = "cookies" }.ToJsonString()),
            ("a finished job", new JsonObject { ["profile_id"] = profile, ["job_id"] = finished }.ToJsonString()),
            ("a failed job, cookies", new JsonObject { ["profile_id"] = profile, ["job_id"] = failed, ["source"] = "cookies" }.ToJsonString()),
            ("a queued job", new JsonObject { ["profile_id"] = queuedProfile, ["job_id"] = queued }.ToJsonString()),
            ("another profile's running job", new JsonObject { ["profile_id"] = profile, ["job_id"] = othersRunning }.ToJsonString()),
            ("another profile's running job, cookies", new JsonObject { ["profile_id"] = profile, ["job_id"] = othersRunning, ["source"] = "cookies" }.ToJsonString()),
            ("a made-up job id", new JsonObject { ["profile_id"] = profile, ["job_id"] = Guid.NewGuid().ToString() }.ToJsonString()),
            ("a made-up profile and job", new JsonObject { ["profile_id"] = Missing, ["job_id"] = Missing }.ToJsonString()),
            ("a malformed job id", new JsonObject { ["profile_id"] = profile, ["job_id"] = "12" }.ToJsonString()),
            ("a job id path", new JsonObject { ["profile_id"] = profile, ["job_id"] = $"{running}/../{running}" }.ToJsonString()),
            ("a job id that is a number", $"{{\"profile_id\": \"{profile}\", \"job_id\": 12}}"),
            ("an arbitrary enc", new JsonObject { ["enc"] = Envelope(enc) }.ToJsonString()),
            ("an arbitrary enc with a running job", new JsonObject { ["enc"] = Envelope(enc), ["job_id"] = running }.ToJsonString()),
            ("an enc that does not open", new JsonObject { ["enc"] = "v1:broken" }.ToJsonString()),
        };
        var answers = new List<(string Case, ApiAnswer Answer)>();
        foreach (var (name, body) in refused)
        {
            answers.Add((name, await api.PostAsync(api.Decrypt, Worker, body)));
        }

        foreach (var (name, answer) in answers)
        {
            output.WriteLine($"{name}: {answer}");
            Assert.True(answer.Status == HttpStatusCode.Forbidden, $"{name}: {answer}");
            Assert.True(answers[0].Answer.Body == answer.Body, $"{name} answers differently: {answer}");
        }

        Assert.Equal("not_bound_to_work", (string?)answers[0].Answer.Json["error"]);
        Assert.Equal(CredentialsDecryptService.NotBoundToWorkMessage, (string?)answers[0].Answer.Json["message"]);

        // Without the role a running job changes nothing: the role's refusal comes first.
        var alice = await api.DecryptAsync(Alice, new JsonObject { ["profile_id"] = profile, ["job_id"] = running });
        AssertStatus(HttpStatusCode.Forbidden, alice);
        Assert.Equal("forbidden", (string?)alice.Json["error"]);

        // The audit names the job a decrypt was for, refused or not; never a malformed one.
        var lines = await _audit.WaitForAsync(l => (string?)l["action"] == "api:credentials/decrypt" && (string?)l["target"] == profile, count: 2 + 10);
        Assert.Equal(2, lines.Count(l => (string?)l["outcome"] == "ok" && (string?)l["job"] == running));
        Assert.Contains(lines, l => (string?)l["outcome"] == "not_bound_to_work" && (string?)l["job"] == othersRunning);
        Assert.Contains(lines, l => (string?)l["outcome"] == "not_bound_to_work" && (string?)l["job"] == finished);
        Assert.DoesNotContain(lines, l => (string?)l["job"] is { } job && !Guid.TryParseExact(job, "D", out _));
        await server.DisposeAsync();
        Assert.DoesNotContain((string)credentials["password"]!, server.StandardError + _audit.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_CREDENTIALS_DECRYPT_ALLOW_ENC_on_the_worker_may_decrypt_a_value_it_hands_in()
    {
        // The shared server has the switch on (see StartAsync).
        var credentials = new JsonObject { ["password"] = Canary("switch") };
        var enc = await _api.EnvelopeAsync(Worker, credentials);
        var answer = await _api.DecryptAsync(Worker, new JsonObject { ["enc"] = Envelope(enc) });
        AssertStatus(HttpStatusCode.OK, answer);
        AssertCredentials(credentials, answer);

        // Only for the decrypt roles: alice still gets the role's refusal, and a profile still needs its running job.
        Assert.Equal("forbidden", (string?)(await _api.DecryptAsync(Alice, new JsonObject { ["enc"] = Envelope(enc) })).Json["error"]);
        var profile = await _stored.CreateProfileAsync(Envelope(enc), "epsw");
        Assert.Equal("not_bound_to_work", (string?)(await _api.DecryptAsync(Worker, new JsonObject { ["profile_id"] = profile })).Json["error"]);
    }
}
