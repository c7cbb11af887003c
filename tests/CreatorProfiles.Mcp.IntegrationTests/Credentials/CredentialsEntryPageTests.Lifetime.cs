using System.Net;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Credentials;

/// <summary>The link's and the listener's lifetime: expired and unknown links, and the listener closing when no link needs it.</summary>
public sealed partial class CredentialsEntryPageTests
{
    [Fact]
    public async Task An_expired_link_answers_410_and_an_unknown_token_or_path_404()
    {
        await using var session = await SessionAsync(ttl: "00:00:02");
        var id = await CredentialsEntryClient.CreateProfileAsync(session.Client);
        var (url, result) = await RequestLinkAsync(session, id);
        var expiresAt = DateTimeOffset.Parse((string)result["expires_at"]!);
        Assert.True(expiresAt <= DateTimeOffset.UtcNow.AddSeconds(3), $"expires_at {expiresAt:O} is not about 2 s away");
        using var page = new CredentialsEntryClient();
        var early = await page.GetAsync(url);
        var csrf = early.Status == HttpStatusCode.OK ? early.CsrfToken : "none";

        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));
        var late = await page.GetAsync(url);
        var lateSubmit = await page.PostAsync(url, CredentialsEntryClient.Form(csrf, "a@example.com", "pw"));

        Assert.Equal(HttpStatusCode.Gone, late.Status);
        Assert.Contains("has expired", late.Body);
        Assert.Equal(HttpStatusCode.Gone, lateSubmit.Status);
        Assert.Null(await CredentialsEntryClient.StoredCredentialsAsync(directus, id));

        var origin = new Uri(url).GetLeftPart(UriPartial.Authority);
        var unknownToken = Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray())
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var unknown = await page.GetAsync($"{origin}/credentials-entry/{unknownToken}");
        var unknownPost = await page.PostAsync($"{origin}/credentials-entry/{unknownToken}", CredentialsEntryClient.Form("x", "a@example.com", "pw"));
        var malformed = await page.GetAsync($"{origin}/credentials-entry/not-a-token");
        var root = await page.GetAsync($"{origin}/");
        Assert.All([unknown, unknownPost, malformed, root], r =>
        {
            Assert.Equal(HttpStatusCode.NotFound, r.Status);
            Assert.Equal("DENY", r.Header("X-Frame-Options"));
            Assert.StartsWith("default-src 'none'", r.Header("Content-Security-Policy"));
        });
        Assert.Contains("This link is not valid", unknown.Body);
    }

    [Fact]
    public async Task The_listener_closes_when_no_link_needs_it_and_the_next_link_opens_it_again()
    {
        await using var session = await SessionAsync(ttl: "00:00:01", linger: "00:00:01");
        var id = await CredentialsEntryClient.CreateProfileAsync(session.Client);
        var (url, _) = await RequestLinkAsync(session, id);
        var port = new Uri(url).Port;

        var closedAfter = await WaitUntilRefusedAsync(port, TimeSpan.FromSeconds(15));

        Assert.True(closedAfter is not null, $"port {port} still accepts connections 15 s after the only link expired");
        // The server logs the close after the port is released, and stderr arrives asynchronously: wait for the line.
        var logged = DateTime.UtcNow.AddSeconds(10);
        while (!session.StandardError.Contains("closed: no link needs it") && DateTime.UtcNow < logged)
        {
            await Task.Delay(50);
        }

        Assert.Contains("closed: no link needs it", session.StandardError);
        var (next, _) = await RequestLinkAsync(session, id);
        using var page = new CredentialsEntryClient();
        // The listener answers again (a refused connection would throw). The new link lives only 1 s, so on a loaded
        // machine it may already have expired by the time it is opened: 410 proves the reopened listener just as well.
        Assert.Contains((await page.GetAsync(next)).Status, (HttpStatusCode[])[HttpStatusCode.OK, HttpStatusCode.Gone]);
    }
}
