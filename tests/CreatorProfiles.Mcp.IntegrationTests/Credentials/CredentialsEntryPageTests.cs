using System.Net;
using System.Net.Sockets;
using System.Text;
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
public sealed class CredentialsEntryPageTests(LocalDirectus directus)
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
        var username = (string)(await session.Client.CallAsync("get_creator_profile", new { id })).Structured()["profile"]!["username"]!;

        var before = DateTimeOffset.UtcNow;
        var (url, result) = await RequestLinkAsync(session, id);

        var match = CredentialsEntryClient.LinkPattern().Match(url);
        Assert.True(match.Success, url);
        Assert.Equal(id, (string?)result["profile_id"]);
        Assert.Equal("onlyfans", (string?)result["platform"]);
        Assert.Equal(username, (string?)result["username"]);
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

    [Trait("Category", "Fast")]
    [Trait("Category", "AotSmoke")]
    [Fact]
    public async Task Post_with_the_csrf_token_stores_a_v1_envelope_once_and_then_the_link_answers_410()
    {
        var email = CredentialsEntryClient.Canary("email") + "@example.com";
        var password = CredentialsEntryClient.Canary("password");
        var totp = CredentialsEntryClient.Canary("totp");
        await using var session = await SessionAsync();
        var id = await CredentialsEntryClient.CreateProfileAsync(session.Client);
        var (url, _) = await RequestLinkAsync(session, id);
        using var page = new CredentialsEntryClient();
        var form = await page.GetAsync(url);

        var stored = await page.PostAsync(url, CredentialsEntryClient.Form(form.CsrfToken, email, password, "totp_secret", totp));

        Assert.Equal(HttpStatusCode.OK, stored.Status);
        Assert.Contains("Stored", stored.Body);
        Assert.Contains("<strong>email</strong>, <strong>password</strong>, <strong>totp_secret</strong>", stored.Body);
        Assert.Contains("no-store", stored.Header("Cache-Control"));

        var envelope = Assert.IsType<JsonObject>(await CredentialsEntryClient.StoredCredentialsAsync(directus, id));
        Assert.Equal(["enc"], envelope.Select(p => p.Key));
        var parts = ((string)envelope["enc"]!).Split(':');
        Assert.Equal("v1", parts[0]);
        Assert.Equal(4, parts.Length);

        var status = (await session.Client.CallAsync("get_credentials_status", new { profile_id = id, verify = true })).Structured();
        Assert.Equal("v1", (string?)status["format"]);
        Assert.True((bool)status["verified"]!);
        Assert.Equal(["email", "password", "totp_secret"], status["fields"]!.AsArray().Select(f => (string)f!));

        var second = await page.PostAsync(url, CredentialsEntryClient.Form(form.CsrfToken, email, "another " + password));
        var reopened = await page.GetAsync(url);
        Assert.Equal(HttpStatusCode.Gone, second.Status);
        Assert.Equal(HttpStatusCode.Gone, reopened.Status);
        Assert.Contains("has been used", reopened.Body);
        Assert.Contains("no-store", reopened.Header("Cache-Control"));
        Assert.Equal(envelope.ToJsonString(), (await CredentialsEntryClient.StoredCredentialsAsync(directus, id))!.ToJsonString());

        var everything = string.Join('\n', page.Bodies) + session.StandardError;
        foreach (var secret in new[] { email, password, totp, "ENTRYCANARY" })
        {
            Assert.DoesNotContain(secret, everything);
        }

        Assert.Contains("stored fields email, password, totp_secret", session.StandardError); // the audit line: names only
    }

    [Fact]
    public async Task Post_without_the_csrf_token_or_with_a_wrong_one_or_from_another_origin_is_refused_and_stores_nothing()
    {
        var password = CredentialsEntryClient.Canary("password");
        await using var session = await SessionAsync();
        var id = await CredentialsEntryClient.CreateProfileAsync(session.Client, new() { ["username"] = "before", ["password"] = "before-password" });
        var before = (await CredentialsEntryClient.StoredCredentialsAsync(directus, id))!.ToJsonString();
        var (url, _) = await RequestLinkAsync(session, id);
        var port = new Uri(url).Port;
        using var page = new CredentialsEntryClient();
        var csrf = (await page.GetAsync(url)).CsrfToken;
        using var cookieless = new CredentialsEntryClient();

        var missing = await page.PostAsync(url, CredentialsEntryClient.Form(null, "a@example.com", password));
        var wrong = await page.PostAsync(url, CredentialsEntryClient.Form(csrf[..^2] + "xx", "a@example.com", password));
        var noCookie = await cookieless.PostAsync(url, CredentialsEntryClient.Form(csrf, "a@example.com", password));
        var otherOrigin = await page.PostAsync(url, CredentialsEntryClient.Form(csrf, "a@example.com", password),
            r => r.Headers.Add("Origin", "http://evil.example"));
        var otherPort = await page.PostAsync(url, CredentialsEntryClient.Form(csrf, "a@example.com", password),
            r => r.Headers.Add("Origin", $"http://127.0.0.1:{port + 1}"));
        var crossSite = await page.PostAsync(url, CredentialsEntryClient.Form(csrf, "a@example.com", password),
            r => r.Headers.Add("Sec-Fetch-Site", "cross-site"));
        var rebound = await page.PostAsync(url, CredentialsEntryClient.Form(csrf, "a@example.com", password),
            r => r.Headers.Host = $"attacker.example:{port}");

        Assert.All([missing, wrong, noCookie, otherOrigin, otherPort, crossSite], r => Assert.Equal(HttpStatusCode.Forbidden, r.Status));
        Assert.Equal(HttpStatusCode.MisdirectedRequest, rebound.Status);
        Assert.Contains("Nothing was stored", missing.Body);
        Assert.Equal(before, (await CredentialsEntryClient.StoredCredentialsAsync(directus, id))!.ToJsonString());

        // A browser posting its own page sends Origin: null (the page's Referrer-Policy is no-referrer) and
        // Sec-Fetch-Site: same-origin; three refusals do not kill the link, so this one stores.
        var genuine = await page.PostAsync(url, CredentialsEntryClient.Form(csrf, "a@example.com", password), r =>
        {
            r.Headers.Add("Origin", "null");
            r.Headers.Add("Sec-Fetch-Site", "same-origin");
        });
        Assert.Equal(HttpStatusCode.OK, genuine.Status);
        Assert.NotEqual(before, (await CredentialsEntryClient.StoredCredentialsAsync(directus, id))!.ToJsonString());
        Assert.DoesNotContain(password, string.Join('\n', page.Bodies.Concat(cookieless.Bodies)) + session.StandardError);
    }

    [Fact]
    public async Task Five_refused_submissions_cancel_the_link()
    {
        await using var session = await SessionAsync();
        var id = await CredentialsEntryClient.CreateProfileAsync(session.Client);
        var (url, _) = await RequestLinkAsync(session, id);
        using var page = new CredentialsEntryClient();
        await page.GetAsync(url);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await page.PostAsync(url, CredentialsEntryClient.Form("guess" + i, "a@example.com", "pw"))).Status);
        }

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Gone], statuses);
        var after = await page.GetAsync(url);
        Assert.Equal(HttpStatusCode.Gone, after.Status);
        Assert.Contains("too many refused submissions", after.Body);
        Assert.Null(await CredentialsEntryClient.StoredCredentialsAsync(directus, id));
    }

    [Fact]
    public async Task An_incomplete_or_malformed_form_is_shown_again_with_a_message_and_without_the_values()
    {
        var email = CredentialsEntryClient.Canary("email") + "@example.com";
        var password = CredentialsEntryClient.Canary("password");
        var extra = CredentialsEntryClient.Canary("extra");
        await using var session = await SessionAsync();
        var id = await CredentialsEntryClient.CreateProfileAsync(session.Client);
        var (url, _) = await RequestLinkAsync(session, id);
        using var page = new CredentialsEntryClient();
        var csrf = (await page.GetAsync(url)).CsrfToken;

        var noPassword = await page.PostAsync(url, CredentialsEntryClient.Form(csrf, email, ""));
        var noLogin = await page.PostAsync(url, CredentialsEntryClient.Form(csrf, "", password));
        var badName = await page.PostAsync(url, CredentialsEntryClient.Form(csrf, email, password, "no spaces allowed", extra));
        var clash = await page.PostAsync(url, CredentialsEntryClient.Form(csrf, email, password, "password", extra));

        Assert.All([noPassword, noLogin, badName, clash], r =>
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.Status);
            Assert.Contains("<form method=\"post\"", r.Body);
            Assert.Contains("Nothing was stored", r.Body);
            Assert.Equal(csrf, r.CsrfToken); // the same page token: the form can be sent again
        });
        Assert.Contains("Type the password.", noPassword.Body);
        Assert.Contains("email or the username", noLogin.Body);
        Assert.Contains("extra field 1 may only use letters", badName.Body);
        Assert.Contains("repeats another field", clash.Body);
        Assert.Null(await CredentialsEntryClient.StoredCredentialsAsync(directus, id));
        var everything = string.Join('\n', page.Bodies) + session.StandardError;
        Assert.DoesNotContain("ENTRYCANARY", everything);
        Assert.DoesNotContain("no spaces allowed", everything); // not even a rejected field name is quoted back

        var fixedUp = await page.PostAsync(url, CredentialsEntryClient.Form(csrf, email, password, "backup_code", extra));
        Assert.Equal(HttpStatusCode.OK, fixedUp.Status);
    }

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
    public async Task A_body_over_64_KiB_or_not_url_encoded_is_refused_and_stores_nothing()
    {
        await using var session = await SessionAsync();
        var id = await CredentialsEntryClient.CreateProfileAsync(session.Client);
        var (url, _) = await RequestLinkAsync(session, id);
        using var page = new CredentialsEntryClient();
        var csrf = (await page.GetAsync(url)).CsrfToken;

        var huge = await page.PostAsync(url, CredentialsEntryClient.Form(csrf, "a@example.com", new string('x', 70 * 1024)));
        using var multipart = new MultipartFormDataContent { { new StringContent(csrf), "csrf_token" }, { new StringContent("a@example.com"), "email" }, { new StringContent("pw"), "password" } };
        var wrongType = await page.PostAsync(url, multipart);
        using var chunked = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes("csrf_token=" + csrf + "&password=" + new string('y', 80 * 1024))));
        chunked.Headers.ContentType = new("application/x-www-form-urlencoded");
        var hugeWithoutLength = await page.PostAsync(url, chunked, r => r.Headers.TransferEncodingChunked = true);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.Status);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.Status);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, hugeWithoutLength.Status);
        Assert.Null(await CredentialsEntryClient.StoredCredentialsAsync(directus, id));
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync(url)).Status); // still open
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
