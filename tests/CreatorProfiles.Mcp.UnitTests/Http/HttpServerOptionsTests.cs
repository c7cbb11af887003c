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
    public void Loopback_names(string host, bool loopback) => Assert.Equal(loopback, LoopbackRequestGuard.IsLoopbackName(host));

    [Theory]
    [InlineData("http://127.0.0.1:5180", true)]
    [InlineData("http://localhost:0", true)]
    [InlineData("http://[::1]:80", true)]
    [InlineData("http://0.0.0.0:5180", false)]
    [InlineData("http://192.168.1.20:5180", false)]
    public void No_auth_is_allowed_only_on_loopback(string url, bool allowed)
    {
        var problems = new HttpServerOptions([url], Stateful: false, LegacySse: false, NoAuth: true).Problems().ToList();

        Assert.Equal(allowed, problems.Count == 0);
        Assert.All(problems, p => Assert.StartsWith("--no-auth: refused", p, StringComparison.Ordinal));
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
}
