using System.Net;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using CreatorProfiles.Mcp.IntegrationTests.Scrapes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace CreatorProfiles.Mcp.IntegrationTests.Audit;

/// <summary>Over HTTP: tool calls and a listen stream with the client's address and JSON-RPC id, the created media
/// job, and the decrypt endpoint's line naming the job and the key fingerprint.</summary>
public sealed partial class AuditTrailTests
{
    [Fact]
    public async Task An_http_session_names_the_client_address_the_request_id_the_created_job_and_the_decrypts_job_and_key()
    {
        using var rows = new ScrapeTestData(directus);
        var aliceId = directus.Stack["ALICE_USER_ID"];
        var profile = await rows.CreateProfileAsync(ownerId: aliceId, cookies: ScrapeTestData.Cookies.Valid);
        await using var server = await HttpServerProcess.StartAsync(Environment());
        using var api = new CredentialsApi(server);
        await using var alice = await server.ConnectAsync(directus.Stack["ALICE_TOKEN"]);
        var password = $"AUDITCANARY-{Guid.NewGuid():N}";
        await alice.CallAsync("set_profile_credentials", new { profile_id = profile, credentials = new Dictionary<string, string> { ["username"] = "a", ["password"] = password } });
        var job = (string)(await alice.CallAsync("trigger_scrape", new { id = profile })).Structured()["job_id"]!;
        await ListenOnceAsync(server, "creatorprofiles://profiles/" + profile);
        await rows.PatchAsync("media_jobs", job, new JsonObject { ["status"] = "running" }); // as the worker's claim leaves it
        var decrypted = await api.DecryptAsync(directus.Stack["WORKER_TOKEN"], new JsonObject { ["profile_id"] = profile, ["job_id"] = job });
        var refused = await api.DecryptAsync(directus.Stack["ALICE_TOKEN"], new JsonObject { ["profile_id"] = profile, ["job_id"] = job });
        await rows.PatchAsync("media_jobs", job, new JsonObject { ["status"] = "done", ["active_key"] = null });

        Assert.Equal(HttpStatusCode.OK, decrypted.Status);
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        var lines = await _audit.WaitForAsync(l => (string?)l["action"] == "api:credentials/decrypt", count: 2);
        var all = _audit.Lines;
        output.WriteLine(_audit.Text);
        Assert.Equal(["tool:set_profile_credentials", "tool:trigger_scrape", "subscriptions:listen", "subscriptions:listen", "api:credentials/decrypt", "api:credentials/decrypt"],
            all.Select(l => (string?)l["action"]));
        Assert.All(all, l =>
        {
            Assert.Equal("http", (string?)l["transport"]);
            Assert.Equal("127.0.0.1", (string?)l["client"]);
            Assert.False(string.IsNullOrEmpty((string?)l["request_id"]));
        });
        Assert.All(all.Take(4), l => Assert.Equal(aliceId, (string?)l["caller"]));
        Assert.Equal(["ok", "ok", "open", "ok"], all.Take(4).Select(l => (string?)l["outcome"]));
        Assert.All(all.Skip(2).Take(2), l => Assert.Equal([profile], l["profiles"]!.AsArray().Select(p => (string?)p))); // the stream's opening and end
        Assert.All(all.Take(2).Append(lines[0]), l => Assert.Equal(profile, (string?)l["target"]));
        Assert.Equal(job, (string?)all[1]["created"]!["media_job"]);
        Assert.Null(all[0]["created"]);

        var (worker, forbidden) = (lines[0], lines[1]);
        Assert.Equal((directus.Stack["WORKER_USER_ID"], "ok", job), ((string?)worker["caller"], (string?)worker["outcome"], (string?)worker["job"]));
        Assert.Equal(CredentialKeyring.Fingerprint(Convert.FromBase64String(directus.EncryptionKey)), (string?)worker["key_fingerprint"]);
        Assert.Equal((aliceId, "forbidden"), ((string?)forbidden["caller"], (string?)forbidden["outcome"]));
        Assert.Null(forbidden["key_fingerprint"]); // nothing was opened
        Assert.Null(forbidden["target"]); // refused on the role, before the body (and its profile id) was read
        Assert.NotEqual((string?)worker["request_id"], (string?)forbidden["request_id"]);
        Assert.DoesNotContain(password, _audit.Text, StringComparison.Ordinal);
    }

    /// <summary>Opens a subscriptions/listen stream (protocol 2026-07-28) as alice, waits for its acknowledgement, and
    /// closes it: it writes one audit line when it opens and one when it ends.</summary>
    private async Task ListenOnceAsync(HttpServerProcess server, string uri)
    {
        await using var client = await server.ConnectAsync(directus.Stack["ALICE_TOKEN"], protocolVersion: null);
        var acknowledged = new TaskCompletionSource();
        await using var handler = client.RegisterNotificationHandler(NotificationMethods.SubscriptionsAcknowledgedNotification, (_, _) =>
        {
            acknowledged.TrySetResult();
            return ValueTask.CompletedTask;
        });
        using var listening = new CancellationTokenSource();
        var stream = client.SendRequestAsync(new JsonRpcRequest
        {
            Method = RequestMethods.SubscriptionsListen,
            Params = new JsonObject { ["notifications"] = new JsonObject { ["resourceSubscriptions"] = new JsonArray(uri) } },
        }, listening.Token);
        await acknowledged.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await listening.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream);
        await _audit.WaitForAsync(l => (string?)l["action"] == "subscriptions:listen", count: 2); // opened, then ended
    }
}
