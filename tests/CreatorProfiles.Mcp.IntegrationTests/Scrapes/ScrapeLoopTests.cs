using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Scrapes;

/// <summary>
/// The whole loop with the worker simulator (samples/worker/worker.mjs): trigger_scrape -> queued -> worker -> done,
/// profile success with last_scraped_at, media visible through list_scraped_media, and a client subscribed to the
/// profile resource notified; plus the worker's error path and its handling of jobs stuck in running. Over HTTP, the
/// worker reads the session cookies in plaintext through the server's POST /api/credentials/decrypt.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed partial class ScrapeLoopTests(LocalDirectus directus, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan NotificationTimeout = TimeSpan.FromSeconds(20);
    private readonly ScrapeTestData _data = new(directus);

    private Dictionary<string, string?> Environment(string? token = null)
    {
        var environment = directus.ServerEnvironment(token);
        environment["RESOURCE_POLL_INTERVAL"] = "00:00:01";
        return environment;
    }

    private async Task<JsonObject> RunWorkerAsync(params string[] arguments) => (await RunWorkerWithAsync(null, null, arguments)).Summary;

    /// <summary>The simulator's one pass; <paramref name="serverUrl"/>: CREATORPROFILES_SERVER_URL (decrypt through the
    /// server), <paramref name="token"/>: its Directus token (default the media-worker user's).</summary>
    private async Task<(JsonObject Summary, ProcessResult Process)> RunWorkerWithAsync(Uri? serverUrl, string? token, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(
            "node", [Path.Combine(RepoPaths.Root, "samples", "worker", "worker.mjs"), "--once", "--work-ms", "50", .. arguments],
            new Dictionary<string, string?>
            {
                ["DIRECTUS_URL"] = directus.Url,
                ["DIRECTUS_TOKEN"] = token ?? directus.Stack["WORKER_TOKEN"],
                ["CREATORPROFILES_SERVER_URL"] = serverUrl?.GetLeftPart(UriPartial.Authority),
            },
            timeout: TimeSpan.FromMinutes(1));
        output.WriteLine($"worker {string.Join(' ', arguments)}: exit {result.ExitCode}\n{result.StandardError}{result.StandardOutput}");
        Assert.Equal(0, result.ExitCode);
        return (JsonNode.Parse(result.StandardOutput)!.AsObject(), result);
    }

    /// <summary>Collects notifications/resources/updated for one URI.</summary>
    private sealed class Notifications
    {
        private readonly ConcurrentQueue<string> _uris = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public int Count => _uris.Count;

        public ValueTask OnUpdated(ResourceUpdatedNotificationParams update, CancellationToken cancellationToken)
        {
            _uris.Enqueue(update.Uri);
            _arrived.Release();
            return ValueTask.CompletedTask;
        }

        /// <summary>Waits until at least <paramref name="count"/> notifications have arrived.</summary>
        public async Task<bool> WaitForAsync(int count, TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                while (_uris.Count < count)
                {
                    await _arrived.WaitAsync(cts.Token);
                }

                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        public IReadOnlyCollection<string> Uris => [.. _uris];
    }

    [Trait("Category", "AotSmoke")]
    [Fact]
    public async Task Trigger_then_worker_gives_success_last_scraped_at_visible_media_and_notifies_the_subscriber()
    {
        var id = await _data.CreateProfileAsync(platform: "fansly", cookies: ScrapeTestData.Cookies.Valid);
        var uri = $"creatorprofiles://profiles/{id}";
        await using var session = await StdioSession.StartAsync(Environment(), "2025-11-25");
        var notifications = new Notifications();
        await using var subscription = await session.Client.SubscribeToResourceAsync(uri, notifications.OnUpdated);

        var queued = (await session.Client.CallAsync("trigger_scrape", new { id })).Structured();
        Assert.Equal("job_queued", (string?)queued["outcome"]);
        var jobId = (string)queued["job_id"]!;
        Assert.Equal("queued", (string?)(await session.Client.CallAsync("get_media_job", new { id = jobId })).Structured()["status"]);
        Assert.True(await notifications.WaitForAsync(1, NotificationTimeout), "no notification after the profile became 'scraping'");
        var seenBeforeWorker = notifications.Count;

        var started = DateTimeOffset.UtcNow.AddSeconds(-2);
        var summary = await RunWorkerAsync("--profile", id);
        Assert.Equal([jobId], summary["done"]!.AsArray().Select(j => (string)j!));

        Assert.True(await notifications.WaitForAsync(seenBeforeWorker + 1, NotificationTimeout), "no notification after the worker finished");
        Assert.All(notifications.Uris, u => Assert.Equal(uri, u));
        var resource = await session.Client.ReadResourceAsync(uri);
        var details = JsonNode.Parse(((TextResourceContents)resource.Contents[0]).Text)!;
        Assert.Equal("success", (string?)details["profile"]!["scrape_status"]);
        Assert.Equal("done", (string?)details["latest_job"]!["status"]);

        var job = (await session.Client.CallAsync("get_media_job", new { id = jobId })).Structured();
        Assert.Equal("done", (string?)job["status"]);
        Assert.True(ScrapeTestData.Time(job["finished_at"]) >= ScrapeTestData.Time(job["started_at"]));
        var profile = await _data.RowAsync("creator_profiles", id);
        Assert.Equal("success", (string?)profile["scrape_status"]);
        Assert.True(ScrapeTestData.Time(profile["last_scraped_at"]) > started);
        Assert.Null(profile["last_error"]);
        Assert.Null((await _data.RowAsync("media_jobs", jobId))["active_key"]);

        var media = (await session.Client.CallAsync("list_scraped_media", new { profile_id = id })).Structured()["items"]!.AsArray();
        Assert.Equal(3, media.Count);
        Assert.All(media, m =>
        {
            Assert.Equal(jobId, (string?)m!["job_id"]);
            Assert.StartsWith("Simulated post ", (string?)m["untrusted"]!["caption"]);
        });

        var again = (await session.Client.CallAsync("trigger_scrape", new { id })).Structured();
        Assert.Equal("cooldown", (string?)again["outcome"]); // the fansly cooldown runs from the new last_scraped_at
        output.WriteLine($"notifications: {notifications.Count}");
    }

    [Fact]
    public async Task A_failed_scrape_sets_error_and_releases_the_profile_for_the_next_trigger()
    {
        var id = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid);
        await using var session = await StdioSession.StartAsync(Environment(), "2025-11-25");
        var jobId = (string)(await session.Client.CallAsync("trigger_scrape", new { id })).Structured()["job_id"]!;

        var summary = await RunWorkerAsync("--profile", id, "--fail", id);

        Assert.Equal([jobId], summary["failed"]!.AsArray().Select(j => (string)j!));
        var job = await _data.RowAsync("media_jobs", jobId);
        Assert.Equal("failed", (string?)job["status"]);
        Assert.Null(job["active_key"]);
        Assert.Contains("Simulated failure", (string?)job["error"]);
        var profile = await _data.RowAsync("creator_profiles", id);
        Assert.Equal("error", (string?)profile["scrape_status"]);
        Assert.Equal((string?)job["error"], (string?)profile["last_error"]);
        Assert.Null(profile["last_scraped_at"]);
        Assert.Empty(await _data.RowsOfProfileAsync("scraped_media", id));

        var retry = (await session.Client.CallAsync("trigger_scrape", new { id })).Structured();
        Assert.Equal("job_queued", (string?)retry["outcome"]);
        Assert.NotEqual(jobId, (string?)retry["job_id"]);
    }

    [Fact]
    public async Task The_worker_fails_a_job_stuck_in_running_and_the_profile_can_be_queued_again()
    {
        var id = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid, status: "scraping");
        var stuck = await _data.CreateAsync("media_jobs", new JsonObject
        {
            ["profile_id"] = id, ["type"] = "scrape_profile", ["status"] = "running", ["active_key"] = id,
            ["started_at"] = DateTimeOffset.UtcNow.AddHours(-2).UtcDateTime.ToString("O"),
        });
        await using var session = await StdioSession.StartAsync(Environment(), "2025-11-25");
        Assert.Equal("already_queued", (string?)(await session.Client.CallAsync("trigger_scrape", new { id })).Structured()["outcome"]);

        var summary = await RunWorkerAsync("--profile", id, "--stuck-after", "600");

        Assert.Equal([(string)stuck["id"]!], summary["reaped"]!.AsArray().Select(j => (string)j!));
        var job = await _data.RowAsync("media_jobs", (string)stuck["id"]!);
        Assert.Equal("failed", (string?)job["status"]);
        Assert.Null(job["active_key"]);
        Assert.Contains("did not finish within 600 s", (string?)job["error"]);
        Assert.Equal("error", (string?)(await _data.RowAsync("creator_profiles", id))["scrape_status"]);
        Assert.Equal("job_queued", (string?)(await session.Client.CallAsync("trigger_scrape", new { id })).Structured()["outcome"]);
    }

    public void Dispose() => _data.Dispose();
}
