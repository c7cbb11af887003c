using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Credentials;

/// <summary>Posting the form: a valid post stores once, and missing CSRF tokens, other origins, repeated refusals, incomplete forms and oversized or wrongly typed bodies are refused.</summary>
public sealed partial class CredentialsEntryPageTests
{
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
}
