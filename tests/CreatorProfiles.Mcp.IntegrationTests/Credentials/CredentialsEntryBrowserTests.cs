using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Credentials;

/// <summary>A fact that needs Debian's Chromium; skipped, saying how to install it, only when it is missing.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Executable = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Executable))
        {
            Skip = $"{Executable} is not installed: run `apt-get update && apt-get install -y chromium` (tests/run.sh does).";
        }
    }
}

/// <summary>
/// The entry page as a person uses it: a real headless Chromium (tests/clients/browser/entry-browser.mjs, with
/// playwright-core driving Debian's browser) opens the links request_credentials_entry returned, types canary
/// values, submits, and screenshots each page. Submit works once; a second submit from a tab opened before it, a
/// reopened link, a submission without the CSRF field and one after expiry are refused; the stored value verifies,
/// and the model-facing results show field names only.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class CredentialsEntryBrowserTests(LocalDirectus directus, ITestOutputHelper output)
{

    [ChromiumFact]
    public async Task A_person_in_chromium_submits_once_and_second_submits_missing_csrf_and_expired_links_are_refused()
    {
        var values = new
        {
            email = CredentialsEntryClient.Canary("email") + "@example.com",
            password = CredentialsEntryClient.Canary("password") + " with spaces & <html>",
            extra_name = "totp_secret",
            extra_value = CredentialsEntryClient.Canary("totp"),
        };
        var environment = directus.ServerEnvironment();
        await using var session = await StdioSession.StartAsync(environment, "2025-11-25");
        environment["CREDENTIALS_ENTRY_TTL"] = "00:00:10"; // opened first by the script, submitted after it expired
        await using var shortLived = await StdioSession.StartAsync(environment, "2025-11-25");
        var id = await CredentialsEntryClient.CreateProfileAsync(session.Client, platform: "fansly");
        var other = await CredentialsEntryClient.CreateProfileAsync(session.Client);

        var link = (await session.Client.CallAsync("request_credentials_entry", new { profile_id = id })).Structured();
        var expiring = (await shortLived.Client.CallAsync("request_credentials_entry", new { profile_id = other })).Structured();
        var outDir = Path.Combine(AppContext.BaseDirectory, "browser-artifacts", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss"));
        var plan = new
        {
            chromium = ChromiumFactAttribute.Executable,
            out_dir = outDir,
            link = (string)link["url"]!,
            expiring_link = (string)expiring["url"]!,
            expiring_expires_at = (string)expiring["expires_at"]!,
            values,
        };
        var (steps, pages) = await EntryBrowserScript.RunAsync(plan, output);

        Assert.Equal(200, (int)steps["expiring_opened"]["status"]!);
        Assert.Equal(200, (int)steps["form"]["status"]!);
        Assert.Contains("Sign-in details for", (string)steps["form"]["text"]!);
        Assert.Equal(403, (int)steps["no_csrf"]["status"]!);
        Assert.Equal(200, (int)steps["submit"]["status"]!);
        Assert.Contains("Fields stored: email, password, totp_secret.", (string)steps["submit"]["text"]!);
        Assert.Equal(410, (int)steps["second_submit"]["status"]!);
        Assert.Contains("has been used", (string)steps["second_submit"]["text"]!);
        Assert.Equal(410, (int)steps["reopen"]["status"]!);
        Assert.Equal(410, (int)steps["expired"]["status"]!);
        Assert.Contains("has expired", (string)steps["expired"]["text"]!);
        Assert.All(steps.Values.Where(s => s["screenshot"] is not null), s => Assert.True(File.Exists((string)s["screenshot"]!)));

        // Stored once, as v1, and it opens with the key; the model sees field names only.
        var envelope = Assert.IsType<JsonObject>(await CredentialsEntryClient.StoredCredentialsAsync(directus, id));
        Assert.StartsWith("v1:", (string)envelope["enc"]!);
        var status = await session.Client.CallAsync("get_credentials_status", new { profile_id = id, verify = true });
        Assert.True((bool)status.Structured()["verified"]!);
        Assert.Equal(["email", "password", "totp_secret"], status.Structured()["fields"]!.AsArray().Select(f => (string)f!));
        Assert.Null(await CredentialsEntryClient.StoredCredentialsAsync(directus, other));

        // No typed value in any page the browser saw, any tool result or any server log line.
        var everything = pages + status.Text() + link.ToJsonString() + expiring.ToJsonString() + session.StandardError + shortLived.StandardError;
        Assert.DoesNotContain("ENTRYCANARY", everything);
        Assert.DoesNotContain(((string)link["url"]!).Split('/')[^1], session.StandardError);
    }
}
