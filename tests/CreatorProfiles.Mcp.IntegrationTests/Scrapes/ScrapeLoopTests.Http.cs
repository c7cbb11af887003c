using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Scrapes;

/// <summary>Over HTTP: the worker decrypts the session cookies through POST /api/credentials/decrypt, and a worker whose role may not decrypt fails the job.</summary>
public sealed partial class ScrapeLoopTests
{
    [Fact]
    public async Task Over_HTTP_trigger_then_the_worker_decrypts_the_cookies_through_the_endpoint_and_finishes_the_job()
    {
        var canary = $"CANARY-{Guid.NewGuid():N}";
        using var audit = new AuditFile();
        var environment = Environment();
        environment["AUDIT_LOG"] = audit.Path;
        await using var server = await HttpServerProcess.StartAsync(environment);
        using var api = new CredentialsApi(server);
        var id = await _data.CreateProfileAsync(ownerId: directus.Stack["ALICE_USER_ID"], cookies: ScrapeTestData.Cookies.None);
        // The web app's side: alice's browser session cookies, encrypted by the server, stored as platform_sessions.
        var enc = await api.EnvelopeAsync(directus.Stack["ALICE_TOKEN"], new JsonObject { ["sess"] = canary + "-sess", ["auth_id"] = canary + "-auth" });
        var session = (string)(await _data.CreateAsync("platform_sessions", new JsonObject
        {
            ["profile_id"] = id,
            ["user_id"] = directus.Stack["ALICE_USER_ID"],
            ["platform"] = "onlyfans",
            ["cookies"] = new JsonObject { ["enc"] = enc },
            ["expires_at"] = DateTimeOffset.UtcNow.AddDays(7).UtcDateTime.ToString("O"),
        }))["id"]!;
        await using var alice = await server.ConnectAsync(directus.Stack["ALICE_TOKEN"]);

        var queued = (await alice.CallAsync("trigger_scrape", new { id })).Structured();
        Assert.Equal("job_queued", (string?)queued["outcome"]);
        var jobId = (string)queued["job_id"]!;
        var (summary, worker) = await RunWorkerWithAsync(server.BaseUri, null, "--profile", id);

        Assert.Equal([jobId], summary["done"]!.AsArray().Select(j => (string)j!));
        var login = Assert.Single(summary["decrypted"]!.AsArray())!;
        Assert.Equal(jobId, (string?)login["job"]);
        Assert.Equal(session, (string?)login["session"]);
        Assert.Equal("v1", (string?)login["format"]);
        Assert.Equal("current", (string?)login["key"]);
        Assert.Equal(["sess", "auth_id"], login["fields"]!.AsArray().Select(f => (string)f!));
        Assert.Equal("done", (string?)(await alice.CallAsync("get_media_job", new { id = jobId })).Structured()["status"]);
        var media = (await alice.CallAsync("list_scraped_media", new { profile_id = id })).Structured()["items"]!.AsArray();
        Assert.Equal(3, media.Count);
        Assert.All(media, m => Assert.Equal(jobId, (string?)m!["job_id"]));
        Assert.Equal("success", (string?)(await _data.RowAsync("creator_profiles", id))["scrape_status"]);

        var decrypt = Assert.Single(await audit.WaitForAsync(l => (string?)l["action"] == "api:credentials/decrypt"));
        Assert.Equal(directus.Stack["WORKER_USER_ID"], (string?)decrypt["caller"]);
        Assert.Equal(id, (string?)decrypt["target"]);
        Assert.Equal(jobId, (string?)decrypt["job"]);
        Assert.Equal("ok", (string?)decrypt["outcome"]);
        await audit.WaitForAsync(l => (string?)l["action"] == "tool:trigger_scrape" && (string?)l["caller"] == directus.Stack["ALICE_USER_ID"]);
        await server.DisposeAsync();
        foreach (var (where, text) in new[] { ("server stderr", server.StandardError), ("audit", audit.Text), ("worker stderr", worker.StandardError), ("worker stdout", worker.StandardOutput) })
        {
            Assert.False(text.Contains(canary, StringComparison.Ordinal), $"{where} holds a cookie value");
        }
    }

    [Fact]
    public async Task A_worker_whose_role_may_not_decrypt_fails_the_job_with_the_reason()
    {
        var environment = Environment();
        environment["CREDENTIALS_DECRYPT_ROLES"] = "some-other-role"; // the worker's role reaches Directus, not decrypt
        await using var server = await HttpServerProcess.StartAsync(environment);
        using var api = new CredentialsApi(server);
        var id = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.None);
        var enc = await api.EnvelopeAsync(directus.AdminToken, new JsonObject { ["sess"] = "s" });
        await _data.CreateAsync("platform_sessions", new JsonObject { ["profile_id"] = id, ["platform"] = "onlyfans", ["cookies"] = new JsonObject { ["enc"] = enc } });
        await using var admin = await server.ConnectAsync(directus.AdminToken);
        var jobId = (string)(await admin.CallAsync("trigger_scrape", new { id })).Structured()["job_id"]!;

        // The worker's token reaches Directus (its role has what a worker needs) but not the decrypt endpoint. (A
        // Creator's token would not even reach Directus: that role holds no permission on the data.)
        var (summary, _) = await RunWorkerWithAsync(server.BaseUri, directus.Stack["WORKER_TOKEN"], "--profile", id);

        Assert.Equal([jobId], summary["failed"]!.AsArray().Select(j => (string)j!));
        Assert.Empty(summary["decrypted"]!.AsArray());
        var job = await _data.RowAsync("media_jobs", jobId);
        Assert.Contains("refused to decrypt the session cookies (403)", (string?)job["error"]);
        Assert.Null(job["active_key"]);
    }
}
