using System.Net;
using System.Net.Sockets;

namespace CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

/// <summary>Requests from a chosen loopback address (127.0.0.2, ...), so a test can be another client address than
/// 127.0.0.1 towards a server's per-address limits.</summary>
internal static class ClientAddress
{
    public static HttpClient From(IPAddress local, int maxConnections = 16) =>
        new(new SocketsHttpHandler { ConnectCallback = ConnectFrom(local), MaxConnectionsPerServer = maxConnections });

    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectFrom(IPAddress local) =>
        async (context, cancellation) => new NetworkStream(await ConnectAsync(local, context.DnsEndPoint, cancellation), ownsSocket: true);

    /// <summary>A TCP connection from <paramref name="local"/> to <paramref name="server"/>.</summary>
    public static async Task<Socket> ConnectAsync(IPAddress local, EndPoint server, CancellationToken cancellation = default)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(local, 0));
            await socket.ConnectAsync(server, cancellation);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
