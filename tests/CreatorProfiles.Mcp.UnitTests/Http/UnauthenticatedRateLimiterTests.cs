using System.Net;
using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.CallPipeline;
using CreatorProfiles.Mcp.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NSubstitute;
using static CreatorProfiles.Mcp.UnitTests.Domain.Callers.CallerTokenValidatorTests;

namespace CreatorProfiles.Mcp.UnitTests.Http;

public sealed class UnauthenticatedRateLimiterTests
{
    private static UnauthenticatedRateLimiter Limiter(int perMinute) => new(ServerSettings.Load(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ServerSettings.UnauthenticatedRateLimitVariable] = perMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        .Build()), new LocalTokenBuckets());

    [Fact]
    public async Task Each_address_has_its_own_bucket_and_an_empty_one_says_when_to_retry()
    {
        var limiter = Limiter(3);
        var attacker = IPAddress.Parse("203.0.113.7");

        for (var i = 0; i < 3; i++)
        {
            Assert.Null(await limiter.TryAcquireAsync(attacker));
        }

        Assert.InRange(await limiter.TryAcquireAsync(attacker) ?? 0, 1, 20);
        Assert.Null(await limiter.TryAcquireAsync(IPAddress.Parse("203.0.113.8")));
    }

    [Fact]
    public async Task Zero_means_no_limit()
    {
        var limiter = Limiter(0);
        for (var i = 0; i < 1000; i++)
        {
            Assert.Null(await limiter.TryAcquireAsync(IPAddress.Loopback));
        }
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void IPv4_is_its_own_bucket_and_IPv6_shares_one_per_64(string address, string partition) =>
        Assert.Equal(partition, UnauthenticatedRateLimiter.Partition(IPAddress.Parse(address)));

    [Fact]
    public async Task Readiness_pings_Directus_once_per_period_however_often_it_is_asked()
    {
        var directus = Substitute.For<IDirectusApi>();
        directus.PingAsync(Arg.Any<CancellationToken>()).Returns("pong");
        var clock = new ManualClock();
        var check = new DirectusReadinessCheck(directus, clock);

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        }

        await directus.Received(1).PingAsync(Arg.Any<CancellationToken>());
        clock.Advance(DirectusReadinessCheck.CacheFor);
        await check.CheckHealthAsync(new HealthCheckContext());
        await directus.Received(2).PingAsync(Arg.Any<CancellationToken>());
    }
}
