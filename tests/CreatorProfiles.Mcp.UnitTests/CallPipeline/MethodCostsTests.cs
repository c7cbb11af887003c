using CreatorProfiles.Mcp.CallPipeline;
using ModelContextProtocol.Protocol;

namespace CreatorProfiles.Mcp.UnitTests.CallPipeline;

public sealed class MethodCostsTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    [InlineData(100, 10)]
    [InlineData(20_000, 10)]
    public void A_listen_costs_one_call_per_started_ten_distinct_uris_and_at_most_ten(int distinct, int cost)
    {
        var parameters = new SubscriptionsListenRequestParams
        {
            Notifications = new SubscriptionsListenNotifications
            {
                ResourceSubscriptions = [.. Enumerable.Range(0, distinct).Select(i => $"creatorprofiles://x/{i}"), .. Enumerable.Repeat("creatorprofiles://x/0", 500)],
            },
        };

        Assert.Equal(cost, MethodCosts.Listen(parameters));
    }
}
