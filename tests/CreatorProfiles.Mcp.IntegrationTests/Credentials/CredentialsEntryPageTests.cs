using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Credentials;

/// <summary>
/// request_credentials_entry through the C# SDK client over stdio (a client without elicitation, so the tool returns
/// the link), and the page it links to driven over HTTP like a browser would, every write checked in Directus.
/// Each test creates its own profile. Secret values are canaries that must not come back in any page, tool result
/// or server log line.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed partial class CredentialsEntryPageTests(LocalDirectus directus)
{
    private Task<StdioSession> SessionAsync(string? ttl = null, string? linger = null)
    {
        var environment = directus.ServerEnvironment();
        environment["CREDENTIALS_ENTRY_TTL"] = ttl;
        environment["CREDENTIALS_ENTRY_LINGER"] = linger;
        return StdioSession.StartAsync(environment, "2025-11-25");
    }

    private static async Task<(string Url, JsonObject Result)> RequestLinkAsync(StdioSession session, string profileId)
    {
        var result = (await session.Client.CallAsync("request_credentials_entry", new { profile_id = profileId })).Structured();
        Assert.Equal("url", (string?)result["delivery"]);
        return ((string)result["url"]!, result);
    }

    [Trait("Category", "AotSmoke")]
    [Fact]
    public async Task Tool_returns_a_loopback_one_time_url_and_its_expiry_and_the_page_is_a_form_with_security_headers()
    {
        var existing = CredentialsEntryClient.Canary("existing-password");
        await using var session = await SessionAsync();
        var id = await CredentialsEntryClient.CreateProfileAsync(session.Client, new() { ["username"] = "someone", ["password"] = existing });
        var username = (string)(await session.Client.CallAsync("get_creator_profile", new { id })).Structured()["profile"]!["untrusted"]!["username"]!;

        var before = DateTimeOffset.UtcNow;
        var (url, result) = await RequestLinkAsync(session, id);

        var match = CredentialsEntryClient.LinkPattern().Match(url);
        Assert.True(match.Success, url);
        Assert.Equal(id, (string?)result["profile_id"]);
        Assert.Equal("onlyfans", (string?)result["platform"]);
        Assert.Equal(username, (string?)result["untrusted"]!["username"]);
        var expiresAt = DateTimeOffset.Parse((string)result["expires_at"]!);
        Assert.InRange(expiresAt, before.AddMinutes(10).AddSeconds(-2), DateTimeOffset.UtcNow.AddMinutes(10).AddSeconds(1));
        Assert.Contains("get_credentials_status", (string)result["message"]!);

        using var page = new CredentialsEntryClient();
        var form = await page.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Equal("text/html; charset=utf-8", form.Header("Content-Type"));
        var csp = form.Header("Content-Security-Policy");
        Assert.StartsWith("default-src 'none';", csp);
        Assert.Contains("form-action 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("script-src", csp);
        Assert.DoesNotContain("unsafe", csp);
        Assert.Contains("no-store", form.Header("Cache-Control"));
        Assert.Equal("DENY", form.Header("X-Frame-Options"));
        Assert.Equal("no-referrer", form.Header("Referrer-Policy"));
        Assert.Equal("nosniff", form.Header("X-Content-Type-Options"));
        Assert.Equal("", form.Header("Server"));
        var setCookie = form.Header("Set-Cookie").ToLowerInvariant();
        Assert.Contains("samesite=strict", setCookie);
        Assert.Contains("httponly", setCookie);
        Assert.Contains($"path=/credentials-entry/{match.Groups[2].Value}".ToLowerInvariant(), setCookie);
        Assert.Equal(page.Cookie(url), form.CsrfToken);

        Assert.Contains("<form method=\"post\"", form.Body);
        foreach (var field in new[] { "email", "username", "password", "extra_name_1", "extra_value_1", "extra_name_2", "extra_value_2" })
        {
            Assert.Contains($"name=\"{field}\"", form.Body);
        }

        Assert.Contains("type=\"password\"", form.Body);
        Assert.Contains(username, form.Body);
        Assert.Contains("onlyfans", form.Body);
        Assert.Contains("already has stored credentials", form.Body);
        Assert.DoesNotContain("<script", form.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", form.Body); // inline style attributes would need 'unsafe-inline'
        Assert.DoesNotContain(existing, form.Body);
        Assert.DoesNotContain("someone", form.Body); // existing values are never shown, not even the login name
        Assert.DoesNotContain(existing, session.StandardError);
        Assert.DoesNotContain(match.Groups[2].Value, session.StandardError); // the token never reaches a log
    }

    [Fact]
    public async Task A_link_for_a_missing_or_foreign_profile_is_refused_like_get_creator_profile()
    {
        var bobs = await directus.Rest.ProfileIdAsync("bob_builder");
        var environment = directus.ServerEnvironment(directus.Stack["ALICE_TOKEN"]);
        await using var alice = await StdioSession.StartAsync(environment, "2025-11-25");

        var foreign = await alice.Client.CallAsync("request_credentials_entry", new { profile_id = bobs });
        var bad = await alice.Client.CallAsync("request_credentials_entry", new { profile_id = "nope" });

        Assert.True(foreign.IsError);
        Assert.Contains("not yours", foreign.Text());
        Assert.True(bad.IsError);
        Assert.Contains("'profile_id'", bad.Text());
        Assert.DoesNotContain("Credentials entry page listening", alice.StandardError); // nothing was opened for them
    }

    [Fact]
    public async Task The_typescript_sdk_client_gets_the_url_and_its_result_matches_the_output_schema()
    {
        await using var session = await SessionAsync();
        var id = await CredentialsEntryClient.CreateProfileAsync(session.Client);

        var ts = await TypeScriptClient.RunAsync(directus.ServerEnvironment(), new TypeScriptClient.Step("request_credentials_entry", new { profile_id = id }));

        var result = ts.Steps[0]!;
        Assert.True((bool?)result["isError"] != true, result.ToJsonString());
        var url = (string)result["structuredContent"]!["url"]!;
        Assert.Matches(CredentialsEntryClient.LinkPattern(), url);
        Assert.Equal("url", (string?)result["structuredContent"]!["delivery"]);
    }

    /// <summary>How long until nothing accepts connections on the port, or null if it still does at the deadline.</summary>
    private static async Task<TimeSpan?> WaitUntilRefusedAsync(int port, TimeSpan deadline)
    {
        var started = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow - started < deadline)
        {
            using var tcp = new TcpClient();
            try
            {
                await tcp.ConnectAsync(IPAddress.Loopback, port);
            }
            catch (SocketException)
            {
                return DateTimeOffset.UtcNow - started;
            }

            await Task.Delay(200);
        }

        return null;
    }
}
