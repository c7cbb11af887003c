using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using CreatorProfiles.Mcp.IntegrationTests.Scrapes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Cluster;

/// <summary>
/// What the replicas share: rate-limit buckets in the cluster's Redis (REDIS_URL), live status through the database
/// every replica polls, and /readyz naming Redis when it stops answering.
/// </summary>
[Collection(ClusterStackCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ClusterSharedStateTests(ClusterStack cluster, ITestOutputHelper output) : IDisposable
{
    private const int Limit = ClusterStack.UnauthenticatedPerMinute;
    private static readonly TimeSpan NotificationTimeout = TimeSpan.FromSeconds(20);
    private readonly ScrapeTestData _data = new(cluster);

    [Fact]
    public async Task A_burst_spread_over_three_replicas_is_cut_at_the_same_total_as_on_one()
    {
        // Each burst comes from its own loopback address (127.0.0.0/8 is all local), so its bucket is fresh and no
        // other test's requests share it.
        var subnet = Random.Shared.Next(2, 250);
        var onOne = await BurstAsync(IPAddress.Parse($"127.{subnet}.0.1"), [cluster.ReplicaUrls[0]], 3 * Limit);
        var spread = await BurstAsync(IPAddress.Parse($"127.{subnet}.0.2"), cluster.ReplicaUrls, 3 * Limit);

        output.WriteLine($"{3 * Limit} unauthenticated requests, limit {Limit}/min per address: one replica let {onOne.Allowed} through " +
            $"({onOne.Limited} got 429); three replicas let {spread.Allowed} through ({spread.Limited} got 429)");
        Assert.Equal(3 * Limit, onOne.Allowed + onOne.Limited);
        Assert.Equal(3 * Limit, spread.Allowed + spread.Limited);
        // At least the burst, plus at most the tokens refilled meanwhile; per-replica buckets would let 3 x Limit through.
        Assert.InRange(onOne.Allowed, Limit, 2 * Limit - 1);
        Assert.InRange(spread.Allowed, Limit, 2 * Limit - 1);
    }

    [Fact]
    public async Task A_subscriber_on_one_replica_hears_a_change_made_through_another()
    {
        var id = await _data.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid, ownerId: cluster.Stack["BOB_USER_ID"]);
        var uri = $"creatorprofiles://profiles/{id}";
        await using var listener = await HttpServerProcess.ConnectAsync(cluster.ReplicaUrls[0], cluster.Stack["BOB_TOKEN"], protocolVersion: null);
        await using var writer = await HttpServerProcess.ConnectAsync(cluster.ReplicaUrls[1], cluster.Stack["BOB_TOKEN"]);
        var acknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var updates = new ConcurrentQueue<JsonNode?>();
        await using var onAck = listener.RegisterNotificationHandler(NotificationMethods.SubscriptionsAcknowledgedNotification, (_, _) =>
        {
            acknowledged.TrySetResult();
            return ValueTask.CompletedTask;
        });
        await using var onUpdate = listener.RegisterNotificationHandler(NotificationMethods.ResourceUpdatedNotification, (n, _) =>
        {
            updates.Enqueue(n.Params);
            return ValueTask.CompletedTask;
        });
        using var listening = new CancellationTokenSource();
        var listen = listener.SendRequestAsync(new JsonRpcRequest
        {
            Method = RequestMethods.SubscriptionsListen,
            Params = new JsonObject { ["notifications"] = new JsonObject { ["resourceSubscriptions"] = new JsonArray(uri) } },
        }, listening.Token);
        await acknowledged.Task.WaitAsync(NotificationTimeout);

        Assert.Equal("job_queued", (string?)(await writer.CallAsync("trigger_scrape", new { id })).Structured()["outcome"]);
        var deadline = DateTime.UtcNow + NotificationTimeout;
        while (updates.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Contains(updates, update => (string?)update!["uri"] == uri);
        await listening.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listen);
    }

    [Fact]
    public async Task With_redis_stopped_replicas_stay_routed_and_readyz_says_degraded_by_redis()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var replica = cluster.ReplicaUrls[2];
        Assert.Equal("Healthy", await http.GetStringAsync(new Uri(replica, "/readyz")));

        var redis = cluster.RedisPid;
        await SignalAsync("STOP", redis);
        string stopped;
        HttpStatusCode status;
        try
        {
            using var response = await http.GetAsync(new Uri(replica, "/readyz"));
            (status, stopped) = (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        finally
        {
            await SignalAsync("CONT", redis);
        }

        output.WriteLine("/readyz with Redis stopped: " + stopped.Replace('\n', '|'));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("Degraded\nredis: redis unavailable", stopped, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Stack["REDIS_URL"].Split('@')[0], stopped, StringComparison.Ordinal); // never the password
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30); // the replica retries Redis a few seconds after a failure
        var again = "";
        while (again != "Healthy" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            again = await http.GetStringAsync(new Uri(replica, "/readyz"));
        }

        Assert.Equal("Healthy", again);
    }

    private static async Task SignalAsync(string signal, int pid) =>
        Assert.Equal(0, (await ProcessRunner.RunAsync("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])).ExitCode);

    /// <summary><paramref name="requests"/> POST /mcp without a token from <paramref name="source"/>, round robin over
    /// <paramref name="replicas"/>, eight at a time: 401 (taken from the address's bucket) or 429 (bucket empty).</summary>
    private static async Task<(int Allowed, int Limited)> BurstAsync(IPAddress source, IReadOnlyList<Uri> replicas, int requests)
    {
        using var http = ClientAddress.From(source);
        var statuses = new ConcurrentBag<HttpStatusCode>();
        await Parallel.ForAsync(0, requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellationToken) =>
        {
            using var body = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(replicas[i % replicas.Count], "/mcp"), body, cancellationToken);
            statuses.Add(response.StatusCode);
        });
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"unexpected {s}"));
        return (statuses.Count(s => s == HttpStatusCode.Unauthorized), statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    public void Dispose() => _data.Dispose();
}
