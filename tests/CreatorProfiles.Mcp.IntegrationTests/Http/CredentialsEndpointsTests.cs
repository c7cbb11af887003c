using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using CreatorProfiles.Mcp.IntegrationTests.Maintenance;
using CreatorProfiles.Mcp.IntegrationTests.Scrapes;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>
/// POST /api/credentials/encrypt and /decrypt (docs/credentials.md) over real HTTP against a real server
/// process and the shared local Directus: the worker's round trip, who is refused (alice, the admin without the
/// role) and how alike, decrypt bound to a running job (<c>.BoundToWork</c>), the legacy formats, malformed bodies,
/// stored values that do not open, the audit lines and the rate limit, and a canary scan of everything the server
/// writes. The shared server has CREDENTIALS_DECRYPT_ALLOW_ENC on, since most of these tests are about values handed
/// in as <c>enc</c>; reads by profile name a running job (<see cref="ForJobAsync"/>).
/// </summary>
[Collection(LocalDirectusCollection.Name)]
[Trait("Category", "AotSmoke")] // HTTP hosting, authentication and the endpoints' JSON must work in native code too
public sealed partial class CredentialsEndpointsTests(LocalDirectus directus, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Missing = "00000000-0000-4000-8000-000000000000";

    private readonly string _run = RandomNumberGenerator.GetHexString(8, lowercase: true);
    private readonly AuditFile _audit = new();
    private readonly ScrapeTestData _rows = new(directus);
    private readonly MaintenanceTestData _stored = new(directus);
    private HttpServerProcess _server = null!;
    private CredentialsApi _api = null!;
    private readonly Dictionary<string, string> _runningJobs = [];

    private string Worker => directus.Stack["WORKER_TOKEN"];
    private string Alice => directus.Stack["ALICE_TOKEN"];
    private string Admin => directus.AdminToken;
    private string StackFingerprint => CredentialKeyring.Fingerprint(Convert.FromBase64String(directus.EncryptionKey));

    public async Task InitializeAsync()
    {
        (_server, _api) = await StartAsync();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _server.DisposeAsync();
        _audit.Dispose();
        _rows.Dispose();
        _stored.Dispose();
    }

    /// <summary>A server with its audit lines in <see cref="_audit"/> and, unless a test says otherwise, no
    /// limit on credential calls (the rate-limit test sets its own) and values handed in as <c>enc</c> allowed.</summary>
    private async Task<(HttpServerProcess Server, CredentialsApi Api)> StartAsync(Action<Dictionary<string, string?>>? change = null, params string[] arguments)
    {
        var environment = directus.ServerEnvironment();
        environment["AUDIT_LOG"] = _audit.Path;
        environment["RATE_LIMIT_SENSITIVE_CALLS_PER_MINUTE"] = "0";
        environment[CredentialsDecryptOptions.AllowEncVariable] = "true";
        change?.Invoke(environment);
        var server = await HttpServerProcess.StartAsync(environment, arguments);
        return (server, new CredentialsApi(server));
    }

    /// <summary>A decrypt body for <paramref name="profileId"/>, bound to a running media job of it (one per profile,
    /// created on first use, as the worker's claim would leave it).</summary>
    private async Task<JsonObject> ForJobAsync(string profileId, string? source = null)
    {
        if (!_runningJobs.TryGetValue(profileId, out var jobId))
        {
            _runningJobs[profileId] = jobId = await AddJobAsync(profileId, "running");
        }

        var body = new JsonObject { ["profile_id"] = profileId, ["job_id"] = jobId };
        if (source is not null)
        {
            body["source"] = source;
        }

        return body;
    }

    /// <summary>A media_jobs row of the profile in <paramref name="status"/>; active_key set while queued or running.</summary>
    private async Task<string> AddJobAsync(string profileId, string status) => (string)(await _rows.CreateAsync("media_jobs", new JsonObject
    {
        ["profile_id"] = profileId,
        ["type"] = "scrape_profile",
        ["status"] = status,
        ["active_key"] = status is "queued" or "running" ? profileId : null,
        ["started_at"] = status == "queued" ? null : DateTimeOffset.UtcNow.UtcDateTime.ToString("O"),
        ["finished_at"] = status is "done" or "failed" ? DateTimeOffset.UtcNow.UtcDateTime.ToString("O") : null,
    }))["id"]!;

    private string Canary(string what) => $"CANARY-{_run}-{what}-{Guid.NewGuid():N}";

    private static JsonObject Envelope(string enc) => new() { ["enc"] = enc };

    private static void AssertStatus(HttpStatusCode expected, ApiAnswer answer) =>
        Assert.True(answer.Status == expected, $"expected {(int)expected}, got {answer}");

    private static void AssertCredentials(JsonObject expected, ApiAnswer answer) =>
        Assert.True(JsonNode.DeepEquals(expected, answer.Json["credentials"]), $"credentials differ: {answer.Json["credentials"]!.AsObject().Count} field(s)");

    private async Task<string> AddSessionAsync(string profileId, JsonNode cookies, DateTimeOffset? expiresAt)
    {
        var row = await _rows.CreateAsync("platform_sessions", new JsonObject
        {
            ["profile_id"] = profileId,
            ["platform"] = "onlyfans",
            ["cookies"] = cookies,
            ["expires_at"] = expiresAt?.UtcDateTime.ToString("O"),
        });
        return (string)row["id"]!;
    }

    /// <summary>The same base64 text with one character changed (still valid base64): the tag no longer matches.</summary>
    private static string Flip(string base64)
    {
        var chars = base64.ToCharArray();
        var i = chars.Length / 2;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        return new string(chars);
    }
}
