using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>resources/read and subscriptions/listen over Streamable HTTP: counted against the caller's budget,
/// audited, a listen capped in distinct URIs and each caller in open listen streams.</summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class MethodLimitsTests(LocalDirectus directus, ITestOutputHelper output) : IDisposable
{
    private readonly string _auditFile = Path.Combine(Path.GetTempPath(), "creatorprofiles-audit-" + Guid.NewGuid().ToString("N")[..8] + ".jsonl");

    [Fact]
    public async Task Resource_reads_take_from_the_callers_budget_and_each_leaves_one_audit_line()
    {
        var id = await directus.Rest.ProfileIdAsync("bob_builder");
        var uri = "creatorprofiles://profiles/" + id;
        await using var server = await HttpServerProcess.StartAsync(Environment(callsPerMinute: 3));
        await using var bob = await server.ConnectAsync(directus.Stack["BOB_TOKEN"]);

        for (var i = 0; i < 3; i++)
        {
            Assert.Single((await bob.ReadResourceAsync(uri)).Contents);
        }

        var refused = await Assert.ThrowsAsync<McpProtocolException>(() => bob.ReadResourceAsync(uri).AsTask());

        Assert.Matches(@"Rate limit reached: at most 3 calls per minute for each caller\. 'resource:read' was not run; retry after \d+ s\.", refused.Message);
        var audit = await AuditLinesAsync();
        Assert.Equal(4, audit.Count);
        Assert.All(audit, a =>
        {
            Assert.Equal(directus.Stack["BOB_USER_ID"], (string?)a["caller"]);
            Assert.Equal("resource:read", (string?)a["action"]);
            Assert.Equal(id, (string?)a["target"]);
        });
        Assert.Equal(["ok", "ok", "ok", "rate_limited"], audit.Select(a => (string?)a["outcome"]));
        output.WriteLine("refusal: " + refused.Message);
        output.WriteLine(string.Join('\n', await File.ReadAllLinesAsync(_auditFile)));
    }

    [Fact]
    public async Task A_listen_with_20000_uris_is_answered_within_its_cap_quickly_and_without_a_directus_call_per_uri()
    {
        var bobs = "creatorprofiles://profiles/" + await directus.Rest.ProfileIdAsync("bob_builder");
        var alices = "creatorprofiles://profiles/" + await directus.Rest.ProfileIdAsync("alice_sunrise");
        var profileQueries = 0;
        await using var proxy = await DirectusProxy.StartAsync(new Uri(directus.Url), (context, _) =>
        {
            if (context.Request.Path.StartsWithSegments("/items/creator_profiles"))
            {
                Interlocked.Increment(ref profileQueries);
            }

            return Task.FromResult(true);
        });
        var environment = Environment(callsPerMinute: 100);
        environment["DIRECTUS_URL"] = proxy.Url.ToString();
        await using var server = await HttpServerProcess.StartAsync(environment);
        await using var bob = await server.ConnectAsync(directus.Stack["BOB_TOKEN"], protocolVersion: null);
        var acknowledged = new ConcurrentQueue<JsonNode?>();
        await using var onAck = bob.RegisterNotificationHandler(NotificationMethods.SubscriptionsAcknowledgedNotification, (n, _) =>
        {
            acknowledged.Enqueue(n.Params);
            return ValueTask.CompletedTask;
        });

        // 20,000 URIs: bob's and alice's profile 1,000 times each, 18,000 others cycling over 150 distinct ones.
        var tooMany = Uris(20_000, i => i % 20 == 0 ? bobs : i % 20 == 1 ? alices : $"creatorprofiles://x/{i % 150}");
        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<McpProtocolException>(() => ListenAsync(bob, tooMany, CancellationToken.None));
        var refusedIn = clock.Elapsed;
        var queriesWhenRefused = Volatile.Read(ref profileQueries);

        // 20,000 URIs with 52 distinct (bob's, alice's and 50 others): accepted; only bob's is granted, in one query.
        var withinCap = Uris(20_000, i => i % 20 == 0 ? bobs : i % 20 == 1 ? alices : $"creatorprofiles://x/{i % 50}");
        using var listening = new CancellationTokenSource();
        clock.Restart();
        var listen = ListenAsync(bob, withinCap, listening.Token);
        while (acknowledged.IsEmpty && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }

        var acknowledgedIn = clock.Elapsed;
        var queriesWhenAcknowledged = Volatile.Read(ref profileQueries) - queriesWhenRefused;
        await listening.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listen);

        Assert.Contains("more than 100 distinct", refused.Message, StringComparison.Ordinal);
        Assert.Contains("at most 100 distinct URIs per listen request", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, queriesWhenRefused);
        Assert.True(refusedIn < TimeSpan.FromSeconds(5), $"refused in {refusedIn}");
        Assert.True(acknowledged.TryPeek(out var ack));
        Assert.Equal([bobs], ack!["notifications"]!["resourceSubscriptions"]!.AsArray().Select(u => (string)u!));
        Assert.Equal(1, queriesWhenAcknowledged);
        var audit = await AuditLinesAsync(lines => lines.Count(a => (string?)a["action"] == "subscriptions:listen") >= 3);
        Assert.Equal(["refused", "open", "ok"], audit.Where(a => (string?)a["action"] == "subscriptions:listen").Select(a => (string?)a["outcome"]));
        output.WriteLine($"20,000 URIs / 152 distinct: refused in {refusedIn.TotalMilliseconds:F0} ms, {queriesWhenRefused} Directus profile queries: {refused.Message}");
        output.WriteLine($"20,000 URIs / 52 distinct: acknowledged in {acknowledgedIn.TotalMilliseconds:F0} ms with {ack["notifications"]!.ToJsonString()}, {queriesWhenAcknowledged} Directus profile query");
        output.WriteLine(string.Join('\n', await File.ReadAllLinesAsync(_auditFile)));
    }

    [Fact]
    public async Task A_caller_has_at_most_five_open_listen_streams_and_a_listen_costs_one_call_per_ten_distinct_uris()
    {
        var bobs = "creatorprofiles://profiles/" + await directus.Rest.ProfileIdAsync("bob_builder");
        await using var server = await HttpServerProcess.StartAsync(Environment(callsPerMinute: 30));
        await using var bob = await server.ConnectAsync(directus.Stack["BOB_TOKEN"], protocolVersion: null);
        await using var alice = await server.ConnectAsync(directus.Stack["ALICE_TOKEN"], protocolVersion: null);
        var acknowledgements = 0;
        McpClient[] clients = [bob, alice];
        var handlers = clients.Select(c => c.RegisterNotificationHandler(NotificationMethods.SubscriptionsAcknowledgedNotification, (_, _) =>
        {
            Interlocked.Increment(ref acknowledgements);
            return ValueTask.CompletedTask;
        })).ToList();
        using var listening = new CancellationTokenSource();

        // bob: five streams of one URI each (5 calls); alice: three streams of 100 distinct URIs each (3 x 10 calls).
        var hundred = Uris(100, i => $"creatorprofiles://x/{i}");
        var open = Enumerable.Range(0, 5).Select(_ => ListenAsync(bob, [bobs], listening.Token))
            .Concat(Enumerable.Range(0, 3).Select(_ => ListenAsync(alice, hundred, listening.Token))).ToList();
        var clock = Stopwatch.StartNew();
        while (Volatile.Read(ref acknowledgements) < 8 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }

        var sixth = await Assert.ThrowsAsync<McpProtocolException>(() => ListenAsync(bob, [bobs], CancellationToken.None));
        var fourth = await Assert.ThrowsAsync<McpProtocolException>(() => ListenAsync(alice, hundred, CancellationToken.None));
        await listening.CancelAsync();
        await Task.WhenAll(open.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        foreach (var handler in handlers)
        {
            await handler.DisposeAsync();
        }

        Assert.Equal(8, Volatile.Read(ref acknowledgements));
        Assert.Contains("at most 5 per caller", sixth.Message, StringComparison.Ordinal);
        Assert.Matches(@"Rate limit reached: at most 30 calls per minute for each caller\. 'subscriptions:listen' \(it counts as 10 calls\) was not run", fourth.Message);
        var audit = await AuditLinesAsync();
        Assert.Equal(["refused", "rate_limited"], audit.Where(a => (string?)a["outcome"] is not ("ok" or "open")).Select(a => (string?)a["outcome"]));
        Assert.Equal(8, audit.Count(a => (string?)a["outcome"] == "open"));
        output.WriteLine("bob's sixth listen: " + sixth.Message);
        output.WriteLine("alice's fourth 100-URI listen: " + fourth.Message);
        output.WriteLine(string.Join('\n', await File.ReadAllLinesAsync(_auditFile)));
    }

    private static List<string> Uris(int count, Func<int, string> uri) => Enumerable.Range(0, count).Select(uri).ToList();

    private static Task<JsonRpcResponse> ListenAsync(McpClient client, IReadOnlyList<string> uris, CancellationToken cancellationToken) =>
        client.SendRequestAsync(new JsonRpcRequest
        {
            Method = RequestMethods.SubscriptionsListen,
            Params = new JsonObject { ["notifications"] = new JsonObject { ["resourceSubscriptions"] = new JsonArray([.. uris.Select(u => (JsonNode)JsonValue.Create(u))]) } },
        }, cancellationToken);

    private Dictionary<string, string?> Environment(int callsPerMinute)
    {
        var environment = directus.ServerEnvironment();
        environment["RATE_LIMIT_TOOL_CALLS_PER_MINUTE"] = callsPerMinute.ToString(CultureInfo.InvariantCulture);
        environment["AUDIT_LOG"] = _auditFile;
        return environment;
    }

    /// <summary>The audit lines, once <paramref name="until"/> holds (a listen's line is written when its stream ends) or after 10 s.</summary>
    private async Task<List<JsonObject>> AuditLinesAsync(Func<List<JsonObject>, bool>? until = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var lines = (await File.ReadAllLinesAsync(_auditFile)).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
            if (until is null || until(lines) || clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                return lines;
            }

            await Task.Delay(50);
        }
    }

    public void Dispose() => File.Delete(_auditFile);
}
