using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace CreatorProfiles.Mcp.IntegrationTests.Scrapes;

/// <summary>Resource subscriptions: subscriptions/listen on protocol 2026-07-28, refusals for another user's or a missing profile, and unsubscribing.</summary>
public sealed partial class ScrapeLoopTests
{
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
}
