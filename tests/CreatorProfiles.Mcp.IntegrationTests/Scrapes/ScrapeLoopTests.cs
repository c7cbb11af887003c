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
public sealed class ScrapeLoopTests(LocalDirectus directus, ITestOutputHelper output) : IDisposable
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

    [Fact]
    public async Task A_client_on_protocol_2026_07_28_listens_with_subscriptions_listen_and_is_notified()
    {
        var id = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid);
        var foreign = await _data.CreateProfileAsync(ownerId: directus.Stack["ALICE_USER_ID"]);
        var uri = $"creatorprofiles://profiles/{id}";
        await using var session = await StdioSession.StartAsync(Environment(directus.Stack["BOB_TOKEN"]), protocolVersion: null);
        var acknowledged = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var updates = new ConcurrentQueue<JsonNode?>();
        await using var onAck = session.Client.RegisterNotificationHandler(NotificationMethods.SubscriptionsAcknowledgedNotification, (n, _) =>
        {
            acknowledged.TrySetResult(n.Params);
            return ValueTask.CompletedTask;
        });
        await using var onUpdate = session.Client.RegisterNotificationHandler(NotificationMethods.ResourceUpdatedNotification, (n, _) =>
        {
            updates.Enqueue(n.Params);
            return ValueTask.CompletedTask;
        });
        await _data.PatchAsync("creator_profiles", id, new JsonObject { ["user_id"] = directus.Stack["BOB_USER_ID"] });

        using var listening = new CancellationTokenSource();
        var listen = session.Client.SendRequestAsync(new JsonRpcRequest
        {
            Method = RequestMethods.SubscriptionsListen,
            Params = new JsonObject { ["notifications"] = new JsonObject { ["resourceSubscriptions"] = new JsonArray(uri, $"creatorprofiles://profiles/{foreign}") } },
        }, listening.Token);
        var ack = await acknowledged.Task.WaitAsync(NotificationTimeout);
        Assert.Equal([uri], ack!["notifications"]!["resourceSubscriptions"]!.AsArray().Select(u => (string)u!)); // not alice's profile

        Assert.Equal("job_queued", (string?)(await session.Client.CallAsync("trigger_scrape", new { id })).Structured()["outcome"]);
        var deadline = DateTime.UtcNow + NotificationTimeout;
        while (updates.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.NotEmpty(updates);
        Assert.All(updates, update =>
        {
            Assert.Equal(uri, (string?)update!["uri"]);
            Assert.NotNull(update["_meta"]?["io.modelcontextprotocol/subscriptionId"]);
        });
        await listening.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listen);
    }

    [Fact]
    public async Task Subscribing_to_another_users_or_a_missing_profile_is_refused_alike()
    {
        var alicesProfile = await _data.CreateProfileAsync(ownerId: directus.Stack["ALICE_USER_ID"]);
        const string missing = "00000000-0000-4000-8000-000000000000";
        await using var bob = await StdioSession.StartAsync(Environment(directus.Stack["BOB_TOKEN"]), "2025-11-25");

        var foreign = await Assert.ThrowsAsync<McpProtocolException>(() => bob.Client.SubscribeToResourceAsync($"creatorprofiles://profiles/{alicesProfile}"));
        var absent = await Assert.ThrowsAsync<McpProtocolException>(() => bob.Client.SubscribeToResourceAsync($"creatorprofiles://profiles/{missing}"));
        var other = await Assert.ThrowsAsync<McpProtocolException>(() => bob.Client.SubscribeToResourceAsync("creatorprofiles://platforms"));

        Assert.Equal(absent.Message.Replace(missing, "ID"), foreign.Message.Replace(alicesProfile, "ID"));
        Assert.Contains("not yours", foreign.Message);
        Assert.Contains("creatorprofiles://profiles/{id}", other.Message);
    }

    [Fact]
    public async Task After_unsubscribing_no_more_notifications_arrive()
    {
        var id = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid);
        var uri = $"creatorprofiles://profiles/{id}";
        await using var session = await StdioSession.StartAsync(Environment(), "2025-11-25");
        var notifications = new Notifications();
        var subscription = await session.Client.SubscribeToResourceAsync(uri, notifications.OnUpdated);
        await _data.PatchAsync("creator_profiles", id, new JsonObject { ["last_error"] = "changed by hand" });
        Assert.True(await notifications.WaitForAsync(1, NotificationTimeout), "no notification after a change");

        await subscription.DisposeAsync(); // resources/unsubscribe
        await _data.PatchAsync("creator_profiles", id, new JsonObject { ["last_error"] = "changed again" });

        Assert.False(await notifications.WaitForAsync(2, TimeSpan.FromSeconds(4)));
    }

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
        await using var server = await HttpServerProcess.StartAsync(environment);
        using var api = new CredentialsApi(server);
        var id = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.None);
        var enc = await api.EnvelopeAsync(directus.AdminToken, new JsonObject { ["sess"] = "s" });
        await _data.CreateAsync("platform_sessions", new JsonObject { ["profile_id"] = id, ["platform"] = "onlyfans", ["cookies"] = new JsonObject { ["enc"] = enc } });
        await using var admin = await server.ConnectAsync(directus.AdminToken);
        var jobId = (string)(await admin.CallAsync("trigger_scrape", new { id })).Structured()["job_id"]!;

        // alice's token reaches Directus (her role has full access there) but not the decrypt endpoint.
        var (summary, _) = await RunWorkerWithAsync(server.BaseUri, directus.Stack["ALICE_TOKEN"], "--profile", id);

        Assert.Equal([jobId], summary["failed"]!.AsArray().Select(j => (string)j!));
        Assert.Empty(summary["decrypted"]!.AsArray());
        var job = await _data.RowAsync("media_jobs", jobId);
        Assert.Contains("refused to decrypt the session cookies (403)", (string?)job["error"]);
        Assert.Null(job["active_key"]);
    }

    public void Dispose() => _data.Dispose();
}
