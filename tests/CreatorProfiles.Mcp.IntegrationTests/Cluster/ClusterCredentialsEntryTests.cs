using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using CreatorProfiles.Mcp.IntegrationTests.Credentials;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Cluster;

/// <summary>
/// Credential-entry links across the replicas (kept in the cluster's Redis): a link minted through one replica is
/// opened, submitted, replaced, capped and refused on the others, as the balancer would spread a browser's requests.
/// Each replica is called directly (its own port) with the link's own Host and Origin, the balancer's (PUBLIC_URL).
/// </summary>
[Collection(ClusterStackCollection.Name)]
[Trait("Category", "Cluster")]
public sealed partial class ClusterCredentialsEntryTests(ClusterStack cluster, ITestOutputHelper output)
{
    private string Alice => cluster.Stack["ALICE_TOKEN"];

    [Fact]
    public async Task A_link_minted_on_replica_1_is_submitted_on_replica_2_and_refused_as_used_on_replica_3()
    {
        await using var alice = await ConnectAsync(1, Alice);
        var id = await CredentialsEntryClient.CreateProfileAsync(alice);
        var url = await RequestLinkAsync(alice, id);
        Assert.StartsWith(new Uri(cluster.ServerUrl, "/credentials-entry/").AbsoluteUri, url, StringComparison.Ordinal);
        var password = CredentialsEntryClient.Canary("password");

        using var onTwo = Browser(2);
        var form = await onTwo.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var stored = await onTwo.PostAsync(url, CredentialsEntryClient.Form(form.CsrfToken, "cluster@example.com", password), SameOrigin);
        Assert.Equal(HttpStatusCode.OK, stored.Status);
        Assert.Contains("Fields stored: <strong>email</strong>, <strong>password</strong>.", stored.Body, StringComparison.Ordinal);

        await using var aliceOnThree = await ConnectAsync(3, Alice);
        var status = (await aliceOnThree.CallAsync("get_credentials_status", new { profile_id = id, verify = true })).Structured();
        Assert.True((bool)status["verified"]!);

        using var onThree = Browser(3);
        var reused = await onThree.PostAsync(url, CredentialsEntryClient.Form(form.CsrfToken, "attacker@example.com", "replayed"), SameOrigin);
        Assert.Equal(HttpStatusCode.Gone, reused.Status);
        Assert.Contains("This link has been used", reused.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, (await onThree.GetAsync(url)).Status);
        Assert.All(onTwo.Bodies.Concat(onThree.Bodies), body => Assert.DoesNotContain(password, body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_form_rendered_by_one_replica_submits_through_another_and_a_forged_csrf_token_does_not()
    {
        await using var alice = await ConnectAsync(3, Alice);
        var id = await CredentialsEntryClient.CreateProfileAsync(alice);
        var url = await RequestLinkAsync(alice, id);
        using var onOne = Browser(1);
        var form = await onOne.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, form.Status);

        // The balancer sends the POST elsewhere: the CSRF cookie and field (issued on replica 1) hold there too, and a
        // forged token with a matching cookie does not.
        using var onTwo = Browser(2);
        var forged = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var refused = await onTwo.PostAsync(url, CredentialsEntryClient.Form(forged, "forged@example.com", "forged"), request =>
        {
            SameOrigin(request);
            request.Headers.Add("Cookie", $"{CredentialsEntryClient.CookieName}={forged}");
        });
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        var stored = await onTwo.PostAsync(url, CredentialsEntryClient.Form(form.CsrfToken, "rendered@example.com", CredentialsEntryClient.Canary("password")), request =>
        {
            SameOrigin(request);
            request.Headers.Add("Cookie", $"{CredentialsEntryClient.CookieName}={onOne.Cookie(url)}");
        });
        Assert.Equal(HttpStatusCode.OK, stored.Status);
        Assert.True((bool)(await alice.CallAsync("get_credentials_status", new { profile_id = id, verify = true })).Structured()["verified"]!);
    }

    [Fact]
    public async Task A_second_link_minted_on_replica_2_replaces_the_first_minted_on_replica_1_everywhere()
    {
        await using var onOne = await ConnectAsync(1, Alice);
        await using var onTwo = await ConnectAsync(2, Alice);
        var id = await CredentialsEntryClient.CreateProfileAsync(onOne);
        var first = await RequestLinkAsync(onOne, id);
        var second = await RequestLinkAsync(onTwo, id);

        using var onThree = Browser(3);
        var replaced = await onThree.GetAsync(first);
        Assert.Equal(HttpStatusCode.Gone, replaced.Status);
        Assert.Contains("replaced by a newer one", replaced.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await onThree.GetAsync(second)).Status);
    }

    [Fact]
    public async Task The_per_caller_cap_counts_the_links_minted_on_every_replica()
    {
        // Bob's links: no other cluster test mints any for him, so all his open links are this test's.
        var replicas = new List<McpClient>();
        try
        {
            for (var i = 1; i <= ClusterStack.Replicas; i++)
            {
                replicas.Add(await ConnectAsync(i, cluster.Stack["BOB_TOKEN"]));
            }

            var minted = 0;
            string refusal = "";
            for (var i = 0; i <= MaxOpen && refusal.Length == 0; i++)
            {
                var replica = replicas[i % replicas.Count];
                var id = await CredentialsEntryClient.CreateProfileAsync(replica);
                var result = await replica.CallAsync("request_credentials_entry", new { profile_id = id });
                if (result.IsError == true)
                {
                    refusal = result.Text();
                }
                else
                {
                    minted++;
                }
            }

            output.WriteLine($"minted {minted} links over {replicas.Count} replicas, then: {refusal}");
            Assert.Equal(MaxOpen, minted);
            Assert.Contains($"You have {MaxOpen} credential-entry links open already", refusal, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_forged_token_opens_nothing_on_any_replica()
    {
        await using var alice = await ConnectAsync(1, Alice);
        var id = await CredentialsEntryClient.CreateProfileAsync(alice);
        var real = await RequestLinkAsync(alice, id);
        var token = real[^CredentialsEntryTokenLength..];
        var prefix = real[..^CredentialsEntryTokenLength];
        string[] forged =
        [
            prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)),
            prefix + token[..^1] + (token[^1] == 'A' ? 'B' : 'A'),
            prefix + token[..^1],
        ];

        for (var replica = 1; replica <= ClusterStack.Replicas; replica++)
        {
            using var browser = Browser(replica);
            var genuine = await browser.GetAsync(real);
            foreach (var url in forged)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(url)).Status);
                var posted = await browser.PostAsync(url, CredentialsEntryClient.Form(genuine.CsrfToken, "forged@example.com", "forged"), SameOrigin);
                Assert.Equal(HttpStatusCode.NotFound, posted.Status);
            }
        }

        Assert.Null(await CredentialsEntryClient.StoredCredentialsAsync(cluster, id));
    }

    private const int CredentialsEntryTokenLength = 43;

    /// <summary>The cap the cluster's replicas run with (CREDENTIALS_ENTRY_MAX_OPEN's default).</summary>
    private const int MaxOpen = 10;

    private Task<McpClient> ConnectAsync(int replica, string token) => HttpServerProcess.ConnectAsync(cluster.ReplicaUrls[replica - 1], token);

    /// <summary>A browser whose every request reaches replica <paramref name="replica"/> (1-based), whatever the URL's port.</summary>
    private CredentialsEntryClient Browser(int replica) => new(cluster.ReplicaUrls[replica - 1].Port);

    private void SameOrigin(HttpRequestMessage request) => request.Headers.Add("Origin", cluster.ServerUrl.GetLeftPart(UriPartial.Authority));

    private static async Task<string> RequestLinkAsync(McpClient client, string profileId) =>
        (string)(await client.CallAsync("request_credentials_entry", new { profile_id = profileId })).Structured()["url"]!;
}
