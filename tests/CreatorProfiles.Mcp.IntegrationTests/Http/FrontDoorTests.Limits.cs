using System.Net;
using System.Net.Sockets;
using System.Text;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>Per client address: open connections (HTTP_CONNECTIONS_PER_ADDRESS) and requests in progress
/// (HTTP_REQUESTS_PER_ADDRESS); 127.0.0.2 is the greedy client, 127.0.0.1 another one.</summary>
public sealed partial class FrontDoorTests
{
    private static readonly IPAddress Greedy = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task Connections_over_the_per_address_limit_are_closed_unanswered_and_another_address_is_served()
    {
        var environment = directus.ServerEnvironment();
        environment["HTTP_CONNECTIONS_PER_ADDRESS"] = "2";
        await using var server = await HttpServerProcess.StartAsync(environment);
        var endpoint = new IPEndPoint(IPAddress.Loopback, server.BaseUri.Port);

        using var first = await ClientAddress.ConnectAsync(Greedy, endpoint);
        using var second = await ClientAddress.ConnectAsync(Greedy, endpoint);
        var firstStatus = await HealthOverAsync(first);
        var secondStatus = await HealthOverAsync(second);
        using var third = await ClientAddress.ConnectAsync(Greedy, endpoint);
        var thirdStatus = await HealthOverAsync(third);
        using var other = await _http.GetAsync(new Uri(server.BaseUri, "/healthz"));

        Assert.Equal(200, firstStatus);
        Assert.Equal(200, secondStatus);
        Assert.Null(thirdStatus);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Requests_in_progress_over_the_per_address_limit_get_429_until_one_ends()
    {
        var environment = directus.ServerEnvironment();
        environment["HTTP_REQUESTS_PER_ADDRESS"] = "1";
        await using var server = await HttpServerProcess.StartAsync(environment);
        using var greedy = ClientAddress.From(Greedy);
        using var holding = new CancellationTokenSource();

        // A request whose body keeps coming (faster than Kestrel's minimum data rate) stays in progress; Kestrel's
        // "100 Continue" says it has passed every check and its body is being read.
        using var held = await ClientAddress.ConnectAsync(Greedy, new IPEndPoint(IPAddress.Loopback, server.BaseUri.Port));
        await held.SendAsync(Encoding.ASCII.GetBytes(
            $"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{server.BaseUri.Port}\r\nAuthorization: Bearer {directus.Stack["ALICE_TOKEN"]}\r\n" +
            "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\nExpect: 100-continue\r\nContent-Length: 1000000\r\n\r\n"));
        var interim = await ReadStatusLineAsync(held);
        var trickle = TrickleAsync(held, holding.Token);

        using var refused = await greedy.GetAsync(new Uri(server.BaseUri, "/healthz"));
        using var other = await _http.GetAsync(new Uri(server.BaseUri, "/healthz"));
        await holding.CancelAsync();
        await trickle;
        held.Close();
        var afterwards = await StatusOnceAsync(greedy, server, HttpStatusCode.OK);

        Assert.Equal(100, interim);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("1", refused.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterwards);
    }

    /// <summary>GET /healthz from <paramref name="client"/> until it answers <paramref name="expected"/> (at most 30 s),
    /// returning the last status.</summary>
    private static async Task<HttpStatusCode> StatusOnceAsync(HttpClient client, HttpServerProcess server, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var answer = await client.GetAsync(new Uri(server.BaseUri, "/healthz"));
            if (answer.StatusCode == expected || DateTime.UtcNow > deadline)
            {
                return answer.StatusCode;
            }

            await Task.Delay(50);
        }
    }

    private static async Task TrickleAsync(Socket socket, CancellationToken cancellation)
    {
        var spaces = Encoding.ASCII.GetBytes(new string(' ', 100));
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                await socket.SendAsync(spaces, cancellation);
                await Task.Delay(100, cancellation);
            }
        }
        catch (OperationCanceledException)
        {
        }

    }

    /// <summary>The status of GET /healthz on an open connection, or null when the server closed it unanswered.</summary>
    private static async Task<int?> HealthOverAsync(Socket socket)
    {
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
            return await ReadStatusLineAsync(socket);
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>The status code of the next status line on <paramref name="socket"/> (null: closed first).</summary>
    private static async Task<int?> ReadStatusLineAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[1];
        var line = new StringBuilder();
        while (!line.ToString().EndsWith("\r\n", StringComparison.Ordinal))
        {
            if (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) == 0)
            {
                return null;
            }

            line.Append((char)buffer[0]);
        }

        return int.Parse(line.ToString().Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
