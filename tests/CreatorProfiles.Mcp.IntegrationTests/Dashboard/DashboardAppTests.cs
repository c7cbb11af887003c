using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Credentials;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using CreatorProfiles.Mcp.IntegrationTests.Scrapes;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Dashboard;

/// <summary>A Directus of its own, so the dashboard shows only the rows these tests plant (and the seed's).</summary>
public sealed class DashboardDirectus : LocalDirectus;

[CollectionDefinition(Name)]
public sealed class DashboardDirectusCollection : ICollectionFixture<DashboardDirectus>
{
    public const string Name = "dashboard directus";
}

/// <summary>
/// The scrape dashboard (MCP App) in a real browser: tests/clients/app-host/app-host.mjs plays the host (the MCP
/// TypeScript SDK client declaring io.modelcontextprotocol/ui toward the real server over stdio; a local page that
/// embeds the ui:// resource in a sandboxed iframe, driven by Debian's Chromium), acting for bob. Bob has a profile
/// with a pending login whose reason is hostile markup, a profile with cookies, and one whose last error is a script;
/// alice has a pending login of her own.
/// </summary>
[Collection(DashboardDirectusCollection.Name)]
public sealed class DashboardAppTests(DashboardDirectus directus, ITestOutputHelper output) : IDisposable
{
    private const string HostileReason = "Login expired <img src=x onerror=\"parent.postMessage({pwned:'img'},'*')\"> please";
    private const string HostileError = "<script>parent.postMessage({pwned:'script'},'*')</script>";
    private static readonly string ClientDir = Path.Combine(RepoPaths.Root, "tests", "clients", "app-host");
    private readonly ScrapeTestData _data = new(directus);

    [ChromiumFact]
    public async Task A_host_shows_bobs_login_alert_as_text_opens_the_entry_link_scrapes_updates_and_stops_on_teardown()
    {
        if (!Directory.Exists(Path.Combine(ClientDir, "node_modules", "playwright-core")))
        {
            throw new InvalidOperationException("The app host is not installed: run `npm ci` in tests/clients/app-host (tests/run.sh does).");
        }

        var bob = directus.Stack["BOB_USER_ID"];
        var alertProfile = await _data.CreateProfileAsync(platform: "fansly", cookies: ScrapeTestData.Cookies.None, ownerId: bob);
        await PlantPendingLoginAsync(alertProfile, "fansly", bob, HostileReason);
        var scrapeProfile = await _data.CreateProfileAsync(platform: "onlyfans", cookies: ScrapeTestData.Cookies.Valid, ownerId: bob);
        var brokenProfile = await _data.CreateProfileAsync(platform: "onlyfans", cookies: ScrapeTestData.Cookies.Valid, ownerId: bob, status: "error");
        await _data.PatchAsync("creator_profiles", brokenProfile, new JsonObject { ["last_error"] = HostileError });
        var aliceProfile = await _data.CreateProfileAsync(platform: "fansly", cookies: ScrapeTestData.Cookies.None, ownerId: directus.Stack["ALICE_USER_ID"]);
        await PlantPendingLoginAsync(aliceProfile, "fansly", directus.Stack["ALICE_USER_ID"], "ALICE-ONLY reason");

        var (command, arguments) = ServerCommand.Get();
        var plan = new
        {
            chromium = ChromiumFactAttribute.Executable,
            out_dir = Path.Combine(AppContext.BaseDirectory, "app-host-artifacts", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss")),
            server = new { command, args = arguments, env = directus.ServerEnvironment(directus.Stack["BOB_TOKEN"]) },
            alert_profile_id = alertProfile,
            scrape_profile_id = scrapeProfile,
            refresh_seconds = 10, // the dashboard's own period (dashboard.html)
            worker = new
            {
                command = "node",
                args = new[] { Path.Combine(RepoPaths.Root, "samples", "worker", "worker.mjs"), "--once", "--work-ms", "50", "--profile", scrapeProfile },
                env = new Dictionary<string, string> { ["DIRECTUS_URL"] = directus.Url, ["DIRECTUS_TOKEN"] = directus.Stack["WORKER_TOKEN"] },
            },
        };
        var run = await ProcessRunner.RunAsync("node", [Path.Combine(ClientDir, "app-host.mjs")], standardInput: JsonSerializer.Serialize(plan),
            workingDirectory: ClientDir, timeout: TimeSpan.FromMinutes(4));
        Assert.True(run.ExitCode == 0, $"app-host.mjs failed ({run.ExitCode}): {run.StandardError}");
        var seen = JsonNode.Parse(run.StandardOutput)!.AsObject();
        output.WriteLine(seen.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).Replace((string)seen["server_stderr"]!, "...", StringComparison.Ordinal));

        // Listed for a host that declares the extension: the link, and the app-only refresh tool.
        var tools = seen["tools"]!.AsArray().ToDictionary(t => (string)t!["name"]!, t => t!["ui"]);
        Assert.Equal("ui://creatorprofiles/dashboard", (string)tools["show_scrape_dashboard"]!["resourceUri"]!);
        Assert.Equal(["app"], tools["refresh_scrape_dashboard"]!["visibility"]!.AsArray().Select(v => (string)v!));
        Assert.Null(tools["trigger_scrape"]); // linked tools open a view per call: only show_scrape_dashboard does
        Assert.Equal("text/html;profile=mcp-app", (string)seen["resource"]!["mime_type"]!);

        // The handshake, then bob's alert with the host's warning colour and the hostile reason as text.
        var initialize = Assert.Single(seen["handshake"]!["initialize"]!.AsArray())!;
        Assert.Equal("2026-01-26", (string)initialize["protocolVersion"]!);
        Assert.Equal(1, (int)seen["handshake"]!["initialized"]!);
        var alert = seen["alert"]!;
        Assert.Contains("Login needed: fansly / it_scr_", (string)alert["text"]!);
        Assert.Contains(HostileReason, (string)alert["text"]!);
        Assert.Equal("rgb(255, 236, 153)", (string)alert["background"]!); // the host's --color-background-warning, #ffec99
        Assert.Equal(1, (int)alert["alerts_shown"]!); // alice's pending login is not bob's
        Assert.DoesNotContain("ALICE-ONLY", (string)alert["page_text"]!);
        Assert.Contains(HostileError, (string)alert["page_text"]!);
        Assert.Equal(0, (int)alert["images_in_frame"]!);
        Assert.Equal(0, (int)alert["scripts_injected"]!);
        Assert.Empty(seen["pwned"]!.AsArray());
        Assert.Empty(seen["frame_requests"]!.AsArray()); // the frame fetched nothing: everything went through the host

        // Scrape now: queued through the host; the worker finishes it and the view updates itself, never reloaded.
        Assert.Contains("job_queued", (string)seen["scrape"]!["outcome"]!);
        var after = seen["after_worker"]!;
        Assert.Equal(0, (int)after["worker_exit"]!);
        Assert.StartsWith("done", (string)after["job_cell"]!);
        Assert.StartsWith("success", (string)after["status_cell"]!);
        Assert.Equal(1, (int)after["initialize_count"]!);

        // Log in: a one-time entry link, opened by the host, that serves the real entry page; the app shows no link.
        var link = (string)Assert.Single(seen["login"]!["opened"]!.AsArray())!;
        Assert.Equal(200, (int)seen["login"]!["entry_status"]!);
        Assert.Contains("Sign-in details for", (string)seen["login"]!["entry_text"]!);
        Assert.DoesNotContain(link, (string)seen["login"]!["outcome"]!);

        // Dark host theme, then teardown: answered, and no call after it.
        Assert.Equal("rgb(90, 69, 0)", (string)seen["dark"]!["background"]!);
        Assert.NotNull(seen["teardown"]!["answer"]!["result"]);
        Assert.Equal(0, (int)seen["teardown"]!["calls_after"]!);

        PublishScreenshot((string)seen["screenshots"]!["dashboard"]!);
    }

    private Task<JsonObject> PlantPendingLoginAsync(string profileId, string platform, string owner, string reason) =>
        _data.CreateAsync("hitl_sessions", new JsonObject
        {
            ["profile_id"] = profileId,
            ["user_id"] = owner,
            ["platform"] = platform,
            ["status"] = "pending",
            ["active_key"] = profileId,
            ["reason"] = reason,
        });

    /// <summary>The README's picture is this test's screenshot: rewritten with UPDATE_DOCS=true, like the generated docs.</summary>
    private static void PublishScreenshot(string screenshot)
    {
        Assert.True(File.Exists(screenshot));
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "true")
        {
            File.Copy(screenshot, Path.Combine(RepoPaths.Root, "docs", "images", "dashboard.png"), overwrite: true);
        }
    }

    public void Dispose() => _data.Dispose();
}
