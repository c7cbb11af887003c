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
        .Build()));

    [Fact]
    public void Each_caller_has_its_own_bucket()
    {
        using var limiter = Limiter(general: 2, sensitive: 0);

        Assert.Null(limiter.TryAcquire("alice", "get_creator_profile"));
        Assert.Null(limiter.TryAcquire("alice", "get_creator_profile"));
        var refusal = limiter.TryAcquire("alice", "get_creator_profile");
        Assert.Null(limiter.TryAcquire("bob", "get_creator_profile"));

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
    public void Sensitive_actions_also_take_from_the_strict_bucket(string action)
    {
        using var limiter = Limiter(general: 100, sensitive: 1);

        Assert.Null(limiter.TryAcquire("alice", action));
        var refusal = limiter.TryAcquire("alice", action);
        Assert.Null(limiter.TryAcquire("alice", "list_creator_profiles")); // reads still pass

        Assert.NotNull(refusal);
        Assert.Contains($"'{action}' was not run", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_turns_a_limit_off()
    {
        using var limiter = Limiter(general: 0, sensitive: 0);

        Assert.All(Enumerable.Range(0, 500), _ => Assert.Null(limiter.TryAcquire("alice", "trigger_scrape")));
    }

    [Fact]
    public void A_request_that_costs_several_calls_takes_that_many_tokens_and_says_so_when_refused()
    {
        using var limiter = Limiter(general: 30, sensitive: 0);

        Assert.Null(limiter.TryAcquire("alice", "subscriptions:listen", 10));
        Assert.Null(limiter.TryAcquire("alice", "subscriptions:listen", 10));
        Assert.Null(limiter.TryAcquire("alice", "subscriptions:listen", 10));
        var refusal = limiter.TryAcquire("alice", "subscriptions:listen", 10);
        var hugeCost = Limiter(general: 5, sensitive: 0).TryAcquire("bob", "subscriptions:listen", 1_000); // clamped to a minute's worth

        Assert.NotNull(refusal);
        Assert.Contains("'subscriptions:listen' (it counts as 10 calls) was not run", refusal.Message, StringComparison.Ordinal);
        Assert.Null(hugeCost);
    }
}
