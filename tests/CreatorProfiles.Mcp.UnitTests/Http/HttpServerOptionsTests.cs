using CreatorProfiles.Mcp.Http;

namespace CreatorProfiles.Mcp.UnitTests.Http;

public sealed class HttpServerOptionsTests
{
    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.8.9.10", true)]
    [InlineData("[::1]", true)]
    [InlineData("::1", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("localhost.evil.example", false)]
    [InlineData("127.0.0.1.nip.io", false)]
    [InlineData("example.com", false)]
    [InlineData("", false)]
    public void Loopback_names(string host, bool loopback) => Assert.Equal(loopback, RequestOriginGuard.IsLoopbackName(host));

    [Theory]
    [InlineData("http://127.0.0.1:5180", true)]
    [InlineData("http://localhost:0", true)]
    [InlineData("http://[::1]:80", true)]
    [InlineData("http://0.0.0.0:5180", false)]
    [InlineData("http://192.168.1.20:5180", false)]
    public void No_auth_is_allowed_only_on_loopback(string url, bool allowed)
    {
        var problems = new HttpServerOptions([url], Stateful: false, LegacySse: false, NoAuth: true).Problems().ToList();

        Assert.Equal(!allowed, problems.Any(p => p.StartsWith("--no-auth: refused", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("127.0.0.1:5180")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("http://127.0.0.1:5180/mcp")]
    public void Addresses_that_cannot_be_listened_on_are_refused_by_name(string url)
    {
        var problem = Assert.Single(new HttpServerOptions([url], false, false, false).Problems());

        Assert.Contains(url, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_loopback_addresses_are_loopback_only_and_one_public_one_is_not()
    {
        Assert.True(new HttpServerOptions(["http://127.0.0.1:1", "http://[::1]:1"], false, false, false).BindsLoopbackOnly);
        Assert.False(new HttpServerOptions(["http://127.0.0.1:1", "http://10.0.0.1:1"], false, false, false).BindsLoopbackOnly);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5180")]
    [InlineData("http://[::]:5180")]
    [InlineData("http://192.168.1.20:5180")]
    [InlineData("http://mcp.example.com:5180")]
    public void A_plain_HTTP_non_loopback_bind_is_refused_naming_both_fixes(string url)
    {
        var problems = new HttpServerOptions([url], false, false, false) { AllowedHosts = ["mcp.example.com"] }.Problems().ToList();

        var problem = Assert.Single(problems);
        Assert.Contains("--certificate", problem, StringComparison.Ordinal);
        Assert.Contains("--behind-proxy", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_loopback_bind_behind_a_proxy_or_with_a_certificate_starts_with_an_allowed_hosts_list()
    {
        Assert.Empty(new HttpServerOptions(["http://0.0.0.0:5180"], false, false, false)
            { BehindProxy = true, TrustedProxies = ["10.0.0.1", "10.1.0.0/16"], AllowedHosts = ["mcp.example.com"] }.Problems());
        Assert.Empty(new HttpServerOptions(["https://0.0.0.0:5180"], false, false, false)
            { CertificatePath = "/tls/server.pfx", AllowedHosts = ["*.example.com"], AllowedOrigins = ["https://app.example.com"] }.Problems());
        Assert.StartsWith("--allowed-hosts: required", Assert.Single(new HttpServerOptions(["https://0.0.0.0:5180"], false, false, false)
            { CertificatePath = "/tls/server.pfx" }.Problems()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--urls: 'https://127.0.0.1:5180' is https, which needs --certificate", "https://127.0.0.1:5180", null, null, null, null)]
    [InlineData("--certificate: no --urls address is https://", "http://127.0.0.1:5180", "/tls/a.pfx", null, null, null)]
    [InlineData("--allowed-hosts: '*' is not a host name", "http://127.0.0.1:5180", null, "*", null, null)]
    [InlineData("--allowed-hosts: 'example.com:443' is not a host name", "http://127.0.0.1:5180", null, "example.com:443", null, null)]
    [InlineData("--allowed-origins: 'https://app.example.com/path' is not an origin", "http://127.0.0.1:5180", null, null, "https://app.example.com/path", null)]
    [InlineData("--allowed-origins: 'null' is not an origin", "http://127.0.0.1:5180", null, null, "null", null)]
    [InlineData("--trusted-proxies: only read with --behind-proxy", "http://127.0.0.1:5180", null, null, null, "10.0.0.1")]
    public void Bind_settings_that_cannot_work_are_refused_with_the_fix(string expected, string url, string? certificate, string? host, string? origin, string? proxy)
    {
        var options = new HttpServerOptions([url], false, false, false)
        {
            CertificatePath = certificate,
            AllowedHosts = host is null ? [] : [host],
            AllowedOrigins = origin is null ? [] : [origin],
            TrustedProxies = proxy is null ? [] : [proxy],
        };

        Assert.StartsWith(expected, Assert.Single(options.Problems()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_proxy_list_that_does_not_parse_is_refused_and_the_default_trusts_loopback_only()
    {
        var options = new HttpServerOptions(["http://127.0.0.1:5180"], false, false, false) { BehindProxy = true, TrustedProxies = ["10.0.0.300"] };

        Assert.StartsWith("--trusted-proxies: '10.0.0.300' is not an IP address", Assert.Single(options.Problems()), StringComparison.Ordinal);
        var defaults = (options with { TrustedProxies = [] }).TrustedProxyNetworks();
        Assert.Contains(defaults, network => network.Contains(System.Net.IPAddress.Parse("127.0.0.1")));
        Assert.DoesNotContain(defaults, network => network.Contains(System.Net.IPAddress.Parse("10.0.0.1")));
    }

    [Fact]
    public void No_auth_is_refused_behind_a_proxy() =>
        Assert.Contains(new HttpServerOptions(["http://127.0.0.1:5180"], false, false, NoAuth: true) { BehindProxy = true }.Problems(),
            p => p.StartsWith("--no-auth: refused with --behind-proxy", StringComparison.Ordinal));

    [Theory]
    [InlineData("https://App.Example.com", "https://app.example.com:443")]
    [InlineData("http://127.0.0.1:5180/", "http://127.0.0.1:5180")]
    [InlineData("http://[::1]:80", "http://[::1]:80")]
    [InlineData("null", null)]
    [InlineData("https://app.example.com/x", null)]
    [InlineData("https://app.example.com?x=1", null)]
    [InlineData("file:///etc", null)]
    public void Origins_are_compared_by_scheme_host_and_port(string origin, string? normalized) =>
        Assert.Equal(normalized, RequestOriginGuard.NormalizeOrigin(origin));
}
