using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>
/// `--legacy-sse`: the deprecated HTTP+SSE transport at /sse (GET, the event stream) + the endpoint it announces
/// (POST, one JSON-RPC message each). The stream is opened with the caller's token and the session stays that
/// caller's: the SDK answers 403 to a message posted into it with another user's token.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class LegacySseTests(LocalDirectus directus) : IAsyncLifetime
{
    private HttpServerProcess _server = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync() => _server = await HttpServerProcess.StartAsync(directus.ServerEnvironment(), "--legacy-sse");

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task The_CSharp_client_over_legacy_SSE_sees_only_the_callers_profiles()
    {
        var builder = await directus.Rest.ProfileIdAsync("bob_builder");
        await using var client = await _server.ConnectAsync(directus.Stack["ALICE_TOKEN"], mode: HttpTransportMode.Sse);

        var tools = await client.ListToolsAsync();
        var items = await client.WalkAsync("list_creator_profiles", new() { ["limit"] = 100 });
        var foreign = await client.CallAsync("get_creator_profile", new { id = builder });

        Assert.Contains(tools, t => t.Name == "list_creator_profiles");
        Assert.NotEmpty(items);
        Assert.All(items, p => Assert.Equal(directus.Stack["ALICE_USER_ID"], (string?)p["user_id"]));
        Assert.True(foreign.IsError);
        Assert.Contains("not yours", foreign.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_opened_by_alice_refuses_messages_posted_with_another_token()
    {
        using var stream = await OpenStreamAsync(directus.Stack["ALICE_TOKEN"]);
        var endpoint = await stream.NextEventAsync("endpoint");
        var messages = new Uri(_server.BaseUri, endpoint);

        using var asBob = await PostAsync(messages, Ping(66), directus.Stack["BOB_TOKEN"]);
        using var asAdmin = await PostAsync(messages, Ping(67), directus.Stack["DIRECTUS_TOKEN"]);
        using var anonymous = await PostAsync(messages, Ping(68), token: null);
        using var asAlice = await PostAsync(messages, Ping(7), directus.Stack["ALICE_TOKEN"]);
        var answer = JsonNode.Parse(await stream.NextEventAsync("message"))!;

        Assert.StartsWith("/mcp/message?sessionId=", endpoint, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, asBob.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, asAlice.StatusCode);
        Assert.Equal(7, (int?)answer["id"]); // the first (and only) answer on the stream: the refused pings never ran
    }

    [Fact]
    public async Task The_message_endpoint_is_also_served_at_slash_message()
    {
        using var stream = await OpenStreamAsync(directus.Stack["BOB_TOKEN"]);
        var endpoint = await stream.NextEventAsync("endpoint");
        var alias = new Uri(_server.BaseUri, endpoint.Replace("/mcp/message", "/message", StringComparison.Ordinal));

        using var response = await PostAsync(alias, Ping(9), directus.Stack["BOB_TOKEN"]);
        var answer = JsonNode.Parse(await stream.NextEventAsync("message"))!;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(9, (int?)answer["id"]);
    }

    [Fact]
    public async Task A_session_the_client_keeps_busy_lives_and_an_idle_one_is_closed_after_the_idle_timeout()
    {
        var environment = directus.ServerEnvironment();
        environment["LEGACY_SSE_IDLE_TIMEOUT_SECONDS"] = "2";
        await using var server = await HttpServerProcess.StartAsync(environment, "--legacy-sse");
        using var stream = await OpenStreamAsync(directus.Stack["BOB_TOKEN"], server);
        var messages = new Uri(server.BaseUri, await stream.NextEventAsync("endpoint"));

        for (var i = 0; i < 4; i++) // 4 s of pings, one a second: never idle for 2 s
        {
            using var ping = await PostAsync(messages, Ping(100 + i), directus.Stack["BOB_TOKEN"]);
            Assert.Equal(HttpStatusCode.Accepted, ping.StatusCode);
            Assert.Contains($"\"id\":{100 + i}", await stream.NextEventAsync("message"), StringComparison.Ordinal);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var idle = System.Diagnostics.Stopwatch.StartNew();
        var ended = await stream.EndAsync(TimeSpan.FromSeconds(15));
        var closedAfter = idle.Elapsed;
        using var late = await PostAsync(messages, Ping(200), directus.Stack["BOB_TOKEN"]);

        Assert.True(ended, "the idle SSE stream did not end");
        Assert.True(late.StatusCode == HttpStatusCode.BadRequest, $"{late.StatusCode}: {await late.Content.ReadAsStringAsync()}\n{server.StandardError}");
        Assert.InRange(closedAfter, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(6));
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode); // the session is gone
        Assert.Contains("Closing a legacy SSE session idle for 00:00:02", server.StandardError, StringComparison.Ordinal);
    }

    private static string Ping(int id) => $$"""{"jsonrpc":"2.0","id":{{id}},"method":"ping"}""";

    private async Task<SseStream> OpenStreamAsync(string token, HttpServerProcess? server = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri((server ?? _server).BaseUri, "/sse"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("text/event-stream");
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new SseStream(response, new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8));
    }

    private async Task<HttpResponseMessage> PostAsync(Uri uri, string body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _http.SendAsync(request);
    }

    /// <summary>Reads `event:` / `data:` blocks of an open text/event-stream response.</summary>
    private sealed class SseStream(HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        /// <summary>The data of the next event named <paramref name="name"/> (events of other names are skipped).</summary>
        public async Task<string> NextEventAsync(string name)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            string? eventName = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if ((eventName ?? "message") == name && data.Length > 0)
                    {
                        return data.ToString();
                    }

                    (eventName, data) = (null, new StringBuilder());
                }
                else if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    eventName = line[6..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Append(line[5..].TrimStart());
                }
            }

            throw new InvalidOperationException($"the event stream ended before an '{name}' event");
        }

        /// <summary>Whether the server ends the stream within <paramref name="timeout"/> (events are skipped).</summary>
        public async Task<bool> EndAsync(TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                while (await reader.ReadLineAsync(cancel.Token) is not null)
                {
                }

                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            catch (IOException)
            {
                return true; // the connection was closed under the read
            }
        }

        public void Dispose()
        {
            reader.Dispose();
            response.Dispose();
        }
    }
}
