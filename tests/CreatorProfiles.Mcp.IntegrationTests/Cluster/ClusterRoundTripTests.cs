using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using CreatorProfiles.Mcp.IntegrationTests.Credentials;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol.Protocol;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Cluster;

/// <summary>
/// request_credentials_entry's input_required round trip on three stateless replicas: the state sealed by one replica
/// is opened by another (the key derives from the credentials key they share), and it is redeemed once for the whole
/// cluster (the claim is in Redis), so a replay to any other replica is refused.
/// </summary>
[Collection(ClusterStackCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ClusterRoundTripTests(ClusterStack cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task A_state_sealed_on_one_replica_is_redeemed_on_another_once_for_the_whole_cluster()
    {
        // The client's own retry to replica 1 is altered on the way (refused there without spending the state); the
        // rightful retry is then sent to replica 2, and replayed to replicas 3 and 1.
        JsonObject? rightful = null;
        var tap = RoundTripClient.HoldingBackRetries(state => "v1.AAAA." + state.Split('.')[^1], message => rightful = message);
        var endpoint = new Uri(cluster.ReplicaUrls[0], "/mcp");
        await using var alice = await tap.ConnectAsync(endpoint, cluster.Stack["ALICE_TOKEN"], RoundTripClient.Options(new ConcurrentQueue<ElicitRequestParams>(), "accept"));
        var id = await CredentialsEntryClient.CreateProfileAsync(alice);

        var onFirst = await alice.CallAsync("request_credentials_entry", new { profile_id = id });
        var (_, retry) = RoundTripClient.Rounds(tap);
        var rightfulRetry = retry with { Request = rightful! };
        var onSecond = await McpWireTap.ResendAsync(rightfulRetry with { Uri = new Uri(cluster.ReplicaUrls[1], "/mcp") });
        var onThird = RoundTripClient.ToolResult(await McpWireTap.ResendAsync(rightfulRetry with { Uri = new Uri(cluster.ReplicaUrls[2], "/mcp") }));
        var backOnFirst = RoundTripClient.ToolResult(await McpWireTap.ResendAsync(rightfulRetry));

        output.WriteLine($"altered retry on replica 1: {onFirst.Text()}; rightful retry on replica 2: {onSecond["result"]!["structuredContent"]!["delivery"]}; " +
            $"replayed on replica 3: {onThird.Text}; replayed on replica 1: {backOnFirst.Text}");
        Assert.Equal(CredentialsEntryRequestStates.NotValidMessage, onFirst.Text());
        Assert.Equal("elicitation", (string?)onSecond["result"]!["structuredContent"]!["delivery"]);
        Assert.Equal((true, CredentialsEntryRequestStates.UsedMessage), onThird);
        Assert.Equal((true, CredentialsEntryRequestStates.UsedMessage), backOnFirst);
    }
}
