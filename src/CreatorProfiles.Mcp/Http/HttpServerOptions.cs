using System.Net;

namespace CreatorProfiles.Mcp.Http;

/// <summary>What `--transport http` was asked for on the command line: the only place binds come from.</summary>
internal sealed record HttpServerOptions(IReadOnlyList<string> Urls, bool Stateful, bool LegacySse, bool NoAuth)
{
    public const string DefaultUrl = "http://127.0.0.1:5180";

    /// <summary>`--auth`: the caller's Directus token (default) or OAuth access tokens (<see cref="OAuthResourceServer"/>).</summary>
    public HttpAuthMode Auth { get; init; }

    /// <summary>--certificate: the TLS certificate (PKCS#12, or PEM with its key) for https:// addresses.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>--behind-proxy: X-Forwarded-For and X-Forwarded-Proto are read, from <see cref="TrustedProxies"/> only.</summary>
    public bool BehindProxy { get; init; }

    /// <summary>--trusted-proxies: addresses or CIDR networks; empty: loopback only.</summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    /// <summary>--allowed-hosts: names a request's Host may carry ("*.example.com" for subdomains); empty: loopback names.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>--allowed-origins: browser origins accepted besides the server's own (scheme, host and port).</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Only 127.0.0.1 / [::1] / localhost: then --no-auth is allowed and Host defaults to loopback names.</summary>
    public bool BindsLoopbackOnly => Urls.All(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && RequestOriginGuard.IsLoopbackName(uri.Host));

    /// <summary>The proxies whose forwarded headers are believed (<see cref="Problems"/> has refused any that does not parse).</summary>
    public IReadOnlyList<IPNetwork> TrustedProxyNetworks() =>
        TrustedProxies.Count == 0
            ? [new IPNetwork(IPAddress.Loopback, 8), new IPNetwork(IPAddress.IPv6Loopback, 128)]
            : [.. TrustedProxies.Select(proxy => TryParseNetwork(proxy, out var network) ? network : throw new FormatException(proxy))];

    /// <summary>Start-up problems, one line each with its fix (exit 2 like any configuration error).</summary>
    public IEnumerable<string> Problems()
    {
        var problems = new List<string>();
        foreach (var url in Urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
            {
                problems.Add($"--urls: '{url}' is not an address to listen on such as {DefaultUrl} (http or https, no path).");
            }
            else if (uri.Scheme == "https" && CertificatePath is null)
            {
                problems.Add($"--urls: '{url}' is https, which needs --certificate <file> (PKCS#12 .pfx/.p12, or PEM with the certificate and its private key; password in TLS_CERTIFICATE_PASSWORD).");
            }
            else if (uri.Scheme == "http" && !RequestOriginGuard.IsLoopbackName(uri.Host) && !BehindProxy)
            {
                problems.Add($"--urls: '{url}' binds a non-loopback address in plain HTTP, where bearer tokens would cross the network readable. " +
                    $"Either serve TLS here (--urls https://{uri.Authority} --certificate <file>), or put a TLS-terminating reverse proxy in front " +
                    "and start with --behind-proxy --trusted-proxies <the proxy's addresses>.");
            }
        }

        if (CertificatePath is not null && !Urls.Any(url => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add("--certificate: no --urls address is https://, so the certificate would not be used. Give an https:// address, or drop --certificate.");
        }

        problems.AddRange(ListProblems());
        if (NoAuth && !BindsLoopbackOnly)
        {
            problems.Add("--no-auth: refused, because --urls binds a non-loopback address. Without authentication every caller acts as the owner of DIRECTUS_TOKEN, which is only safe for local tools on 127.0.0.1, [::1] or localhost.");
        }

        if (NoAuth && BehindProxy)
        {
            problems.Add("--no-auth: refused with --behind-proxy, because every client of the proxy would act as the owner of DIRECTUS_TOKEN.");
        }

        return problems;
    }

    private IEnumerable<string> ListProblems()
    {
        if (AllowedHosts.Count == 0 && Urls.Any(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && !RequestOriginGuard.IsLoopbackName(uri.Host)))
        {
            yield return "--allowed-hosts: required when --urls binds a non-loopback address: the host names clients reach this server by " +
                "(comma list, e.g. --allowed-hosts mcp.example.com), so that requests naming any other host are refused.";
        }

        foreach (var host in AllowedHosts.Where(host => Uri.CheckHostName(host.TrimStart('*', '.')) == UriHostNameType.Unknown))
        {
            yield return $"--allowed-hosts: '{host}' is not a host name such as mcp.example.com or *.example.com (no scheme, no port; '*' alone would allow any host).";
        }

        foreach (var origin in AllowedOrigins.Where(origin => RequestOriginGuard.NormalizeOrigin(origin) is null))
        {
            yield return $"--allowed-origins: '{origin}' is not an origin such as https://app.example.com (http or https, a host, an optional port, no path).";
        }

        if (TrustedProxies.Count > 0 && !BehindProxy)
        {
            yield return "--trusted-proxies: only read with --behind-proxy; add it, or drop --trusted-proxies.";
        }

        foreach (var proxy in TrustedProxies.Where(proxy => !TryParseNetwork(proxy, out _)))
        {
            yield return $"--trusted-proxies: '{proxy}' is not an IP address or a CIDR network such as 10.0.0.1 or 10.0.0.0/8.";
        }
    }

    private static bool TryParseNetwork(string value, out IPNetwork network)
    {
        if (IPAddress.TryParse(value, out var address))
        {
            network = new IPNetwork(address, address.GetAddressBytes().Length * 8);
            return true;
        }

        return IPNetwork.TryParse(value, out network);
    }
}
