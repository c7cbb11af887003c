using CreatorProfiles.Mcp.CredentialsEntry;
using Microsoft.AspNetCore.Http;

namespace CreatorProfiles.Mcp.UnitTests.CredentialsEntry;

/// <summary>The one address the entry page answers at: loopback on the request's port, or PUBLIC_URL's host.</summary>
public class CredentialsEntrySiteTests
{
    private static readonly Uri Public = new("https://mcp.example.com");

    private static DefaultHttpContext Request(string host, int localPort = 5180, string scheme = "http")
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host);
        context.Request.Scheme = scheme;
        context.Connection.LocalPort = localPort;
        return context;
    }

    [Theory]
    [InlineData("127.0.0.1:5180", true)]
    [InlineData("localhost:5180", true)]
    [InlineData("127.0.0.1:5181", false)]
    [InlineData("attacker.example:5180", false)] // DNS rebinding
    [InlineData("mcp.example.com", false)]
    public void Loopback_answers_only_to_a_loopback_name_on_the_request_port(string host, bool expected) =>
        Assert.Equal(expected, CredentialsEntrySite.Loopback.IsOwnHost(Request(host)));

    [Theory]
    [InlineData("mcp.example.com", false, "https", true)]
    [InlineData("MCP.example.com:443", false, "https", true)]
    [InlineData("mcp.example.com:8443", false, "https", false)]
    [InlineData("mcp.example.com", true, "http", true)] // a proxy forwarding the public host without the port
    [InlineData("mcp.example.com:5180", true, "http", false)]
    [InlineData("127.0.0.1:5180", true, "http", false)]
    [InlineData("evil.example.com", true, "http", false)]
    public void Public_answers_only_to_PUBLIC_URLs_host(string host, bool behindProxy, string scheme, bool expected) =>
        Assert.Equal(expected, CredentialsEntrySite.For(Public, behindProxy).IsOwnHost(Request(host, scheme: scheme)));

    [Theory]
    [InlineData("https://mcp.example.com", true)]
    [InlineData("http://mcp.example.com", false)]
    [InlineData("https://mcp.example.com:8443", false)]
    [InlineData("https://evil.example.com", false)]
    [InlineData("http://127.0.0.1:5180", false)]
    public void A_posts_origin_must_be_PUBLIC_URLs_origin(string origin, bool expected) =>
        Assert.Equal(expected, CredentialsEntrySite.For(Public, behindProxy: true).IsOwnOrigin(new Uri(origin), Request("mcp.example.com")));

    [Fact]
    public void Links_are_built_from_PUBLIC_URL_and_without_it_from_the_bind()
    {
        Assert.Equal("https://mcp.example.com/credentials-entry/", CredentialsEntrySite.For(Public, behindProxy: true).PublicBase!.AbsoluteUri);
        Assert.Null(CredentialsEntrySite.For(null, behindProxy: true).PublicBase);
    }
}
