using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Scrapes;

/// <summary>The worker against a server with CREDENTIALS_ACCEPT_LEGACY=false: legacy session cookies are refused by the
/// decrypt endpoint, and the worker fails the job with that reason instead of logging in.</summary>
public sealed partial class ScrapeLoopTests
{
    [Fact]
    public async Task With_legacy_refused_the_worker_fails_a_job_whose_cookies_are_legacy_with_the_reason()
    {
        var environment = Environment();
        environment[CredentialsCipher.AcceptLegacyVariable] = "false";
        await using var server = await HttpServerProcess.StartAsync(environment);
        using var api = new CredentialsApi(server);
        var canary = $"CANARY-{Guid.NewGuid():N}";
        var id = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.None);
        var bare = await api.EnvelopeAsync(directus.AdminToken, new JsonObject { ["sess"] = canary });
        await _data.CreateAsync("platform_sessions", new JsonObject { ["profile_id"] = id, ["platform"] = "onlyfans", ["cookies"] = bare }); // a bare "v1:..." string
        await using var admin = await server.ConnectAsync(directus.AdminToken);
        var jobId = (string)(await admin.CallAsync("trigger_scrape", new { id })).Structured()["job_id"]!;

        var (summary, worker) = await RunWorkerWithAsync(server.BaseUri, directus.Stack["WORKER_TOKEN"], "--profile", id);

        Assert.Equal([jobId], summary["failed"]!.AsArray().Select(j => (string)j!));
        Assert.Empty(summary["decrypted"]!.AsArray());
        var job = await _data.RowAsync("media_jobs", jobId);
        var error = (string?)job["error"];
        Assert.Contains("legacy form", error);
        Assert.Contains("CREDENTIALS_ACCEPT_LEGACY", error);
        Assert.Contains("credentials migrate-legacy", error);
        Assert.Null(job["active_key"]);
        Assert.DoesNotContain(canary, worker.StandardError + worker.StandardOutput + error + server.StandardError);
    }
}
