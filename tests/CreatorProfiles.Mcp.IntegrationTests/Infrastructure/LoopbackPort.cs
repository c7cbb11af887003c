using System.Net;
using System.Net.Sockets;

namespace CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

/// <summary>Loopback ports for tests that must name one before anything listens on it (PUBLIC_URL, a bind matrix, a
/// port nobody answers on).</summary>
internal static class LoopbackPort
{
    /// <summary>A loopback port free right now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
