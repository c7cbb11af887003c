using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.CallPipeline;
using Microsoft.Extensions.Configuration;

namespace CreatorProfiles.Mcp.UnitTests.Http;

public sealed class CallerRateLimiterTests
{
    private static CallerRateLimiter Limiter(int general, int sensitive) => new(ServerSettings.Load(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ServerSettings.ToolRateLimitVariable] = general.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [ServerSettings.SensitiveRateLimitVariable] = sensitive.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        .Build()), new LocalTokenBuckets());

    [Fact]
    public async Task Each_caller_has_its_own_bucket()
    {
        var limiter = Limiter(general: 2, sensitive: 0);

        Assert.Null(await limiter.TryAcquireAsync("alice", "get_creator_profile"));
        Assert.Null(await limiter.TryAcquireAsync("alice", "get_creator_profile"));
        var refusal = await limiter.TryAcquireAsync("alice", "get_creator_profile");
        Assert.Null(await limiter.TryAcquireAsync("bob", "get_creator_profile"));

        Assert.NotNull(refusal);
        Assert.StartsWith(CallerRateLimiter.RefusalPrefix, refusal.Message, StringComparison.Ordinal);
        Assert.Contains("retry after", refusal.Message, StringComparison.Ordinal);
        Assert.InRange(refusal.RetryAfterSeconds, 1, 30);
    }

    [Theory]
    [InlineData("trigger_scrape")]
    [InlineData("set_profile_credentials")]
    [InlineData("encrypt_credentials")]
    [InlineData("api/credentials/decrypt")]
    public async Task Sensitive_actions_also_take_from_the_strict_bucket(string action)
    {
        var limiter = Limiter(general: 100, sensitive: 1);

        Assert.Null(await limiter.TryAcquireAsync("alice", action));
        var refusal = await limiter.TryAcquireAsync("alice", action);
        Assert.Null(await limiter.TryAcquireAsync("alice", "list_creator_profiles")); // reads still pass

        Assert.NotNull(refusal);
        Assert.Contains($"'{action}' was not run", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zero_turns_a_limit_off()
    {
        var limiter = Limiter(general: 0, sensitive: 0);

        for (var i = 0; i < 500; i++)
        {
            Assert.Null(await limiter.TryAcquireAsync("alice", "trigger_scrape"));
        }
    }

    [Fact]
    public async Task A_request_that_costs_several_calls_takes_that_many_tokens_and_says_so_when_refused()
    {
        var limiter = Limiter(general: 30, sensitive: 0);

        Assert.Null(await limiter.TryAcquireAsync("alice", "subscriptions:listen", 10));
        Assert.Null(await limiter.TryAcquireAsync("alice", "subscriptions:listen", 10));
        Assert.Null(await limiter.TryAcquireAsync("alice", "subscriptions:listen", 10));
        var refusal = await limiter.TryAcquireAsync("alice", "subscriptions:listen", 10);
        var hugeCost = await Limiter(general: 5, sensitive: 0).TryAcquireAsync("bob", "subscriptions:listen", 1_000); // clamped to a minute's worth

        Assert.NotNull(refusal);
        Assert.Contains("'subscriptions:listen' (it counts as 10 calls) was not run", refusal.Message, StringComparison.Ordinal);
        Assert.Null(hugeCost);
    }
}
