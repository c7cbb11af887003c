using System.Globalization;
using System.Net;
using CreatorProfiles.Mcp.IntegrationTests.Credentials;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Cluster;

/// <summary>A link's end across replicas (expiry) and the links with the cluster's Redis stopped (fail closed: the
/// message itself is checked in the unit tests, SharedStateTests).</summary>
public sealed partial class ClusterCredentialsEntryTests
{
    [Fact]
    public async Task A_link_minted_on_replica_1_is_refused_as_expired_on_the_others_once_its_time_is_up()
    {
        await using var alice = await ConnectAsync(1, Alice);
        var id = await CredentialsEntryClient.CreateProfileAsync(alice);
        var url = await RequestLinkAsync(alice, id);
        using var onTwo = Browser(2);
        var form = await onTwo.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, form.Status);

        using var onThree = Browser(3);
        var deadline = DateTime.UtcNow + ClusterStack.CredentialsEntryTtl + TimeSpan.FromSeconds(30);
        EntryResponse opened;
        while ((opened = await onThree.GetAsync(url)).Status == HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000);
        }

        Assert.Equal(HttpStatusCode.Gone, opened.Status);
        Assert.Contains("This link has expired", opened.Body, StringComparison.Ordinal);
        var late = await onTwo.PostAsync(url, CredentialsEntryClient.Form(form.CsrfToken, "late@example.com", "too-late"), SameOrigin);
        Assert.Equal(HttpStatusCode.Gone, late.Status);
        Assert.Null(await CredentialsEntryClient.StoredCredentialsAsync(cluster, id));
    }

    [Fact]
    public async Task With_redis_stopped_no_link_is_minted_or_opened_and_the_link_works_again_after()
    {
        await using var alice = await ConnectAsync(1, Alice);
        var id = await CredentialsEntryClient.CreateProfileAsync(alice);
        var url = await RequestLinkAsync(alice, id);
        await using var aliceOnThree = await ConnectAsync(3, Alice);
        using var onTwo = Browser(2);
        var redis = cluster.RedisPid.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(0, (await ProcessRunner.RunAsync("kill", ["-STOP", redis])).ExitCode);
        EntryResponse unavailable;
        ModelContextProtocol.Protocol.CallToolResult refused;
        try
        {
            unavailable = await onTwo.GetAsync(url);
            refused = await aliceOnThree.CallAsync("request_credentials_entry", new { profile_id = id });
        }
        finally
        {
            Assert.Equal(0, (await ProcessRunner.RunAsync("kill", ["-CONT", redis])).ExitCode);
        }

        output.WriteLine($"with Redis stopped: page {(int)unavailable.Status}; tool: {refused.Text()}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.Status);
        Assert.Contains("cannot check this link right now", unavailable.Body, StringComparison.Ordinal);
        // Refused, with no link in it: by the links' own check (fail closed), or before it, by Directus, which in
        // this cluster keeps its own state in the same Redis.
        Assert.True(refused.IsError);
        Assert.DoesNotContain("/credentials-entry/", refused.Text(), StringComparison.Ordinal);

        // Every replica retries Redis a few seconds after a failure; then the link opens on each again (and the next
        // test finds them all answering).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        for (var replica = 1; replica <= ClusterStack.Replicas; replica++)
        {
            using var browser = Browser(replica);
            var again = await browser.GetAsync(url);
            while (again.Status != HttpStatusCode.OK && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
                again = await browser.GetAsync(url);
            }

            Assert.Equal(HttpStatusCode.OK, again.Status);
        }
    }
}
