using System.Net;
using CreatorProfiles.Mcp.Configuration;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace CreatorProfiles.Mcp.Http;

/// <summary>
/// Per client address (IPv6: per /64, like the unauthenticated limit), how many TCP connections may be open and how
/// many requests in progress, open streams (listen, SSE) included: one client cannot take all of Kestrel's
/// connections or threads. Connections are counted by the connecting address, where the proxies trusted with
/// --behind-proxy are exempt (every client of theirs arrives through them); requests by the client address, which
/// behind a trusted proxy is the forwarded one. A connection over the limit is closed unanswered, a request gets 429.
/// </summary>
internal sealed class ClientAddressLimits(ServerSettings settings, HttpServerOptions options)
{
    private readonly AddressCounter _connections = new(settings.ConnectionsPerAddress);
    private readonly AddressCounter _requests = new(settings.RequestsPerAddress);
    private readonly IReadOnlyList<IPNetwork> _exemptFromConnectionLimit = options.BehindProxy ? options.TrustedProxyNetworks() : [];

    /// <summary>Kestrel connection middleware (before TLS, so a refused connection costs no handshake).</summary>
    public ConnectionDelegate LimitConnections(ConnectionDelegate next) => async connection =>
    {
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        if (address is null || IsExempt(address))
        {
            await next(connection);
            return;
        }

        var key = UnauthenticatedRateLimiter.Partition(address);
        if (!_connections.TryEnter(key))
        {
            return; // Kestrel closes a connection whose delegate returns
        }

        try
        {
            await next(connection);
        }
        finally
        {
            _connections.Exit(key);
        }
    };

    public async Task LimitRequestsAsync(HttpContext context, RequestDelegate next)
    {
        var key = UnauthenticatedRateLimiter.Partition(context.Connection.RemoteIpAddress);
        if (!_requests.TryEnter(key))
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "1";
            await context.Response.WriteAsync("Too many requests in progress from this address.\n");
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            _requests.Exit(key);
        }
    }

    private bool IsExempt(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _exemptFromConnectionLimit.Any(network => network.Contains(plain));
    }

    /// <summary>Counts per key up to a limit (0: no limit); a key leaves the table when its count drops to zero.</summary>
    private sealed class AddressCounter(int limit)
    {
        private readonly Dictionary<string, int> _open = [];

        public bool TryEnter(string key)
        {
            if (limit == 0)
            {
                return true;
            }

            lock (_open)
            {
                var open = _open.GetValueOrDefault(key);
                if (open >= limit)
                {
                    return false;
                }

                _open[key] = open + 1;
                return true;
            }
        }

        public void Exit(string key)
        {
            if (limit == 0)
            {
                return;
            }

            lock (_open)
            {
                if (--_open[key] == 0)
                {
                    _open.Remove(key);
                }
            }
        }
    }
}
