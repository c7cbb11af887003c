using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>
/// Made-up bearer tokens against the real server and Directus, with a counting proxy between them: the Directus
/// requests the flood causes are bounded by the per-address limit (each admitted lookup is two requests) and the
/// refusal cache, while a real caller from another address is served as usual.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class BogusTokenTrafficTests(LocalDirectus directus, ITestOutputHelper output)
{
    private const int PerMinute = 60;
    private const string BogusPrefix = "Bearer bogus-";

    [Fact]
    public async Task Bursts_of_bogus_tokens_cost_Directus_a_bounded_number_of_requests_and_a_real_caller_is_still_served()
    {
        var bogusLookups = 0;
        var allRequests = 0;
        await using var proxy = await DirectusProxy.StartAsync(new Uri(directus.Url), (context, _) =>
        {
            Interlocked.Increment(ref allRequests);
            if (context.Request.Headers.Authorization.ToString().StartsWith(BogusPrefix, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref bogusLookups);
            }

            return Task.FromResult(true);
        });
        var environment = directus.ServerEnvironment();
        environment["DIRECTUS_URL"] = proxy.Url.ToString();
        environment["RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE"] = PerMinute.ToString(CultureInfo.InvariantCulture);
        await using var server = await HttpServerProcess.StartAsync(environment);

        // The flood comes from 127.0.0.2, the real caller from 127.0.0.1: another client address.
        using var flood = ClientAddress.From(IPAddress.Parse("127.0.0.2"));
        var clock = Stopwatch.StartNew();
        var distinct = await BurstAsync(flood, server, Enumerable.Range(0, 2000).Select(i => "bogus-" + i.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")));
        var afterDistinct = Volatile.Read(ref bogusLookups);
        var same = await BurstAsync(flood, server, Enumerable.Repeat("bogus-same-" + Guid.NewGuid().ToString("N"), 1000));
        var elapsed = clock.Elapsed;
        var total = Volatile.Read(ref bogusLookups);
        var floodRequests = Volatile.Read(ref allRequests);

        await using var alice = await server.ConnectAsync(directus.Stack["ALICE_TOKEN"]);
        var calls = new List<bool>();
        for (var i = 0; i < 5; i++)
        {
            calls.Add((await alice.CallAsync("list_creator_profiles", new { limit = 1 })).IsError != true);
        }

        // Each lookup Directus is asked is /users/me + /policies/me/globals with the token; a lookup needs a token from
        // the address's bucket (PerMinute at once, then PerMinute per minute), and a refused token is not looked up
        // again for 5 s. So at most 2 x (PerMinute + PerMinute x minutes elapsed) requests, whatever the flood's size.
        var admitted = PerMinute + (int)Math.Ceiling(elapsed.TotalMinutes * PerMinute);
        var bound = 2 * admitted;
        output.WriteLine($"2,000 distinct bogus tokens: {afterDistinct} Directus requests; answers {Describe(distinct)}");
        output.WriteLine($"1,000 x one bogus token: {total - afterDistinct} Directus requests; answers {Describe(same)}");
        output.WriteLine($"total {total} Directus requests with a bogus token ({floodRequests} to Directus in all, start-up included) in {elapsed.TotalSeconds:F1} s; bound {bound}");
        output.WriteLine($"alice from 127.0.0.1 afterwards: {calls.Count(ok => ok)}/5 calls ok");

        Assert.All(calls, Assert.True);
        Assert.InRange(total, 1, bound);
        Assert.Equal(3000, distinct.Values.Sum() + same.Values.Sum());
        Assert.All(distinct.Keys.Concat(same.Keys), status => Assert.True(status is 401 or 429, $"status {status}"));
    }

    [Fact]
    public async Task Without_the_address_limit_one_bogus_token_repeated_costs_one_lookup_per_refusal_window()
    {
        var bogusLookups = 0;
        await using var proxy = await DirectusProxy.StartAsync(new Uri(directus.Url), (context, _) =>
        {
            if (context.Request.Headers.Authorization.ToString().StartsWith(BogusPrefix, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref bogusLookups);
            }

            return Task.FromResult(true);
        });
        var environment = directus.ServerEnvironment();
        environment["DIRECTUS_URL"] = proxy.Url.ToString();
        environment["RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE"] = "0";
        await using var server = await HttpServerProcess.StartAsync(environment);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 });

        var clock = Stopwatch.StartNew();
        var same = await BurstAsync(client, server, Enumerable.Repeat("bogus-same-" + Guid.NewGuid().ToString("N"), 1000));
        var elapsed = clock.Elapsed;

        // Concurrent requests share one lookup (two requests), and its refusal is reused for 5 s.
        var bound = 2 * (1 + (int)Math.Ceiling(elapsed.TotalSeconds / 5));
        output.WriteLine($"1,000 x one bogus token, no address limit: {bogusLookups} Directus requests in {elapsed.TotalSeconds:F1} s (bound {bound}); answers {Describe(same)}");
        Assert.InRange(bogusLookups, 1, bound);
        Assert.Equal(1000, same.GetValueOrDefault(401));
    }

    private static async Task<Dictionary<int, int>> BurstAsync(HttpClient client, HttpServerProcess server, IEnumerable<string> tokens)
    {
        var statuses = new ConcurrentDictionary<int, int>();
        await Parallel.ForEachAsync(tokens, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (token, cancellation) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, server.McpEndpoint)
            {
                Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"ping"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
            request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
            using var response = await client.SendAsync(request, cancellation);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After");
            }

            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
        });
        return statuses.ToDictionary();
    }

    private static string Describe(Dictionary<int, int> statuses) =>
        string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value} x {s.Key}"));
}
