using System.Net;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Credentials;

/// <summary>Per-caller caps, links bound to their caller's profile, and the page's CSRF and Origin refusals under PUBLIC_URL.</summary>
public sealed partial class RemoteCredentialsEntryTests
{
    [Fact]
    public async Task Remote_links_are_capped_per_caller_bound_to_their_profile_and_refuse_cross_site_posts()
    {
        var (server, port) = await StartRemoteServerAsync();
        await using var _ = server;
        await using var alice = await ConnectAsync(port, directus.Stack["ALICE_TOKEN"]);
        await using var bob = await ConnectAsync(port, directus.Stack["BOB_TOKEN"]);
        var aliceProfiles = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            aliceProfiles.Add(await CredentialsEntryClient.CreateProfileAsync(alice));
        }

        var bobProfile = await CredentialsEntryClient.CreateProfileAsync(bob);

        // Alice at her cap of 2 cannot make a third link; Bob still can.
        var first = (string)(await alice.CallAsync("request_credentials_entry", new { profile_id = aliceProfiles[0] })).Structured()["url"]!;
        await alice.CallAsync("request_credentials_entry", new { profile_id = aliceProfiles[1] });
        var capped = await alice.CallAsync("request_credentials_entry", new { profile_id = aliceProfiles[2] });
        Assert.True(capped.IsError);
        Assert.Contains("You have 2 credential-entry links open", capped.Text());
        var bobLink = (await bob.CallAsync("request_credentials_entry", new { profile_id = bobProfile })).Structured();
        Assert.StartsWith($"http://{PublicHost}:{port}/credentials-entry/", (string)bobLink["url"]!);

        // Alice cannot get a link for Bob's profile, and her link cannot be turned towards it.
        var foreign = await alice.CallAsync("request_credentials_entry", new { profile_id = bobProfile });
        Assert.True(foreign.IsError);

        using var page = new CredentialsEntryClient(loopbackPort: port);
        var opened = await page.GetAsync(first);
        Assert.Equal(HttpStatusCode.OK, opened.Status);
        var origin = $"http://{PublicHost}:{port}";
        var form = CredentialsEntryClient.Form(opened.CsrfToken, "a@example.com", CredentialsEntryClient.Canary("password"));

        // Cross-site posts are refused before anything is stored: another origin, a cross-site fetch, no CSRF token.
        var evil = await page.PostAsync(first, form, r => r.Headers.Add("Origin", "http://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, evil.Status);
        var crossSite = await page.PostAsync(first, form, r => r.Headers.Add("Sec-Fetch-Site", "cross-site"));
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.Status);
        var sandboxed = await page.PostAsync(first, form, r => // a sandboxed frame on another site: an opaque origin
        {
            r.Headers.Add("Origin", "null");
            r.Headers.Add("Sec-Fetch-Site", "cross-site");
        });
        Assert.Equal(HttpStatusCode.Forbidden, sandboxed.Status);
        var noCsrf = await page.PostAsync(first, CredentialsEntryClient.Form(null, "a@example.com", "pw"), r => r.Headers.Add("Origin", origin));
        Assert.Equal(HttpStatusCode.Forbidden, noCsrf.Status);
        var wrongHost = await page.GetAsync($"http://127.0.0.1:{port}/credentials-entry/{first.Split('/')[^1]}");
        Assert.Equal(HttpStatusCode.Forbidden, wrongHost.Status); // not an allowed host: the front door refuses
        Assert.Null(await CredentialsEntryClient.StoredCredentialsAsync(directus, aliceProfiles[0]));

        // From its own origin, with a profile_id smuggled in: stored for Alice's profile only, then the link is used.
        var smuggled = form.Append(new("profile_id", bobProfile)).ToList();
        var stored = await page.PostAsync(first, smuggled, r => r.Headers.Add("Origin", origin));
        Assert.Equal(HttpStatusCode.OK, stored.Status);
        Assert.NotNull(await CredentialsEntryClient.StoredCredentialsAsync(directus, aliceProfiles[0]));
        Assert.Null(await CredentialsEntryClient.StoredCredentialsAsync(directus, bobProfile));
        var reused = await page.PostAsync(first, form, r => r.Headers.Add("Origin", origin));
        Assert.Equal(HttpStatusCode.Gone, reused.Status);

        // A used link no longer counts against Alice's cap.
        (await alice.CallAsync("request_credentials_entry", new { profile_id = aliceProfiles[2] })).Structured();
        Assert.DoesNotContain("ENTRYCANARY", string.Concat(page.Bodies) + server.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Behind_a_TLS_proxy_the_csrf_cookie_is_secure_and_over_plain_http_it_is_not()
    {
        var (server, port) = await StartRemoteServerAsync();
        await using var _ = server;
        await using var alice = await ConnectAsync(port, directus.Stack["ALICE_TOKEN"]);
        var id = await CredentialsEntryClient.CreateProfileAsync(alice);
        var url = (string)(await alice.CallAsync("request_credentials_entry", new { profile_id = id })).Structured()["url"]!;
        using var page = new CredentialsEntryClient(loopbackPort: port);

        var plain = (await page.GetAsync(url)).Header("Set-Cookie");
        var forwarded = (await page.GetAsync(url, r => r.Headers.Add("X-Forwarded-Proto", "https"))).Header("Set-Cookie");

        Assert.StartsWith(CredentialsEntryClient.CookieName + "=", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("secure", plain, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith(CredentialsEntryClient.CookieName + "=", forwarded, StringComparison.Ordinal);
        Assert.Contains("; secure", forwarded, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", forwarded, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=strict", forwarded, StringComparison.OrdinalIgnoreCase);
    }
}
