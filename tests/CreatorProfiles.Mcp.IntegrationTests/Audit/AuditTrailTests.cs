using System.Net;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Credentials;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol.Client;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Audit;

/// <summary>
/// The audit trail (AUDIT_LOG) of scripted sessions against a real server process and the shared local Directus:
/// stdio (tools, resources, subscriptions, the credentials entry page), HTTP (<c>.Http</c>: tools, listen, the
/// decrypt endpoint) and the maintenance commands (<c>.Cli</c>). Each event kind gets exactly the line it should,
/// with its transport, request id, client address (HTTP), created ids and a decrypt's job and key fingerprint; and
/// hostile names and ids (<c>.Injection</c>) never break or stretch a line.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed partial class AuditTrailTests(LocalDirectus directus, ITestOutputHelper output) : IDisposable
{
    private readonly AuditFile _audit = new();

    private Dictionary<string, string?> Environment(string? token = null)
    {
        var environment = directus.ServerEnvironment(token);
        environment["AUDIT_LOG"] = _audit.Path;
        return environment;
    }

    [Fact]
    public async Task A_stdio_session_writes_one_line_per_event_with_its_request_id_created_ids_and_the_entry_page_outcomes()
    {
        await using var session = await StdioSession.StartAsync(Environment(), "2025-11-25");
        var client = session.Client;
        var profile = await CredentialsEntryClient.CreateProfileAsync(client);
        await client.CallAsync("get_creator_profile", new { id = profile });
        var hitl = (string)(await client.CallAsync("trigger_scrape", new { id = profile })).Structured()["hitl_session_id"]!;
        var uri = "creatorprofiles://profiles/" + profile;
        await client.ReadResourceAsync(uri);
        await client.SubscribeToResourceAsync(uri);
        await client.UnsubscribeFromResourceAsync(uri);
        var url = (string)(await client.CallAsync("request_credentials_entry", new { profile_id = profile })).Structured()["url"]!;
        await SubmitEveryWayAsync(url);

        var lines = await _audit.WaitForAsync(l => ((string)l["action"]!).StartsWith("entry:", StringComparison.Ordinal), count: 7);
        output.WriteLine(_audit.Text);
        var all = _audit.Lines;
        var mcp = all.Where(l => !((string)l["action"]!).StartsWith("entry:", StringComparison.Ordinal)).ToList();
        Assert.Equal(["tool:create_creator_profile", "tool:get_creator_profile", "tool:trigger_scrape", "resource:read", "resource:subscribe",
            "resource:unsubscribe", "tool:request_credentials_entry"], mcp.Select(l => (string?)l["action"]));
        var caller = (string)mcp[0]["caller"]!;
        Assert.True(Guid.TryParse(caller, out _), caller);
        Assert.All(mcp, l =>
        {
            Assert.Equal("stdio", (string?)l["transport"]);
            Assert.Equal(caller, (string?)l["caller"]);
            Assert.Equal(profile, (string?)l["target"]);
            Assert.Equal("ok", (string?)l["outcome"]);
            Assert.Null(l["client"]); // no address on stdio
            Assert.IsType<double>(l["duration_ms"]!.GetValue<double>());
        });
        Assert.Equal(mcp.Count, mcp.Select(l => (string?)l["request_id"]).Where(id => !string.IsNullOrEmpty(id)).Distinct().Count());
        Assert.Equal(profile, (string?)mcp[0]["created"]!["profile"]);
        Assert.Equal(hitl, (string?)mcp[2]["created"]!["hitl_session"]);
        var linkId = (string)mcp[6]["created"]!["credentials_entry_link"]!;
        Assert.Contains($"Credentials entry link {linkId} created for profile {profile}", session.StandardError, StringComparison.Ordinal); // the same id as the log
        Assert.All(mcp.Where(l => l != mcp[0] && l != mcp[2] && l != mcp[6]), l => Assert.Null(l["created"]));

        // The page: every answer audited with what it was, the link's owner as caller, never the token.
        Assert.Equal(
            [("entry:open", "bad_link"), ("entry:open", "ok"), ("entry:submit", "cross_origin"), ("entry:submit", "csrf_failed"),
             ("entry:submit", "invalid_input"), ("entry:submit", "ok"), ("entry:submit", "used_link")],
            lines.Select(l => ((string?)l["action"], (string?)l["outcome"])));
        Assert.All(lines, l =>
        {
            Assert.Equal("http", (string?)l["transport"]);
            Assert.Equal("127.0.0.1", (string?)l["client"]);
            Assert.False(string.IsNullOrEmpty((string?)l["request_id"]));
        });
        Assert.Equal(("anonymous", null), ((string?)lines[0]["caller"], (string?)lines[0]["target"])); // an unknown link acts for nobody
        // Every other request, the cross-origin post included, names the link's owner and profile.
        Assert.All(lines.Skip(1), l => Assert.Equal((caller, profile), ((string?)l["caller"], (string?)l["target"])));
        var token = CredentialsEntryClient.LinkPattern().Match(url).Groups[2].Value;
        Assert.DoesNotContain(token, _audit.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("ENTRYCANARY", _audit.Text, StringComparison.Ordinal);
    }

    /// <summary>An unknown link, the form, then a post from another origin, one without the CSRF token, one without a
    /// password, the good one, and the good one again.</summary>
    private static async Task SubmitEveryWayAsync(string url)
    {
        using var page = new CredentialsEntryClient();
        var unknown = url[..(url.LastIndexOf('/') + 1)] + new string('A', 43);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync(unknown)).Status);
        var form = await page.GetAsync(url);
        var email = CredentialsEntryClient.Canary("email") + "@example.com";
        var password = CredentialsEntryClient.Canary("password");
        Assert.Equal(HttpStatusCode.Forbidden, (await page.PostAsync(url, CredentialsEntryClient.Form(form.CsrfToken, email, password),
            request => request.Headers.Add("Origin", "https://evil.example"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await page.PostAsync(url, CredentialsEntryClient.Form(null, email, password))).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await page.PostAsync(url, CredentialsEntryClient.Form(form.CsrfToken, email, ""))).Status);
        Assert.Equal(HttpStatusCode.OK, (await page.PostAsync(url, CredentialsEntryClient.Form(form.CsrfToken, email, password))).Status);
        Assert.Equal(HttpStatusCode.Gone, (await page.PostAsync(url, CredentialsEntryClient.Form(form.CsrfToken, email, password))).Status);
    }

    public void Dispose() => _audit.Dispose();
}
