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
/// role) and how alike, the legacy formats, malformed bodies, stored values that do not open, the audit lines and
/// the rate limit, and a canary scan of everything the server writes.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
[Trait("Category", "AotSmoke")] // HTTP hosting, authentication and the endpoints' JSON must work in native code too
public sealed class CredentialsEndpointsTests(LocalDirectus directus, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Missing = "00000000-0000-4000-8000-000000000000";

    private readonly string _run = RandomNumberGenerator.GetHexString(8, lowercase: true);
    private readonly AuditFile _audit = new();
    private readonly ScrapeTestData _rows = new(directus);
    private readonly MaintenanceTestData _stored = new(directus);
    private HttpServerProcess _server = null!;
    private CredentialsApi _api = null!;

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
    /// limit on credential calls (the rate-limit test sets its own).</summary>
    private async Task<(HttpServerProcess Server, CredentialsApi Api)> StartAsync(Action<Dictionary<string, string?>>? change = null, params string[] arguments)
    {
        var environment = directus.ServerEnvironment();
        environment["AUDIT_LOG"] = _audit.Path;
        environment["RATE_LIMIT_SENSITIVE_CALLS_PER_MINUTE"] = "0";
        change?.Invoke(environment);
        var server = await HttpServerProcess.StartAsync(environment, arguments);
        return (server, new CredentialsApi(server));
    }

    private string Canary(string what) => $"CANARY-{_run}-{what}-{Guid.NewGuid():N}";

    private static JsonObject Envelope(string enc) => new() { ["enc"] = enc };

    private static void AssertStatus(HttpStatusCode expected, ApiAnswer answer) =>
        Assert.True(answer.Status == expected, $"expected {(int)expected}, got {answer}");

    private static void AssertCredentials(JsonObject expected, ApiAnswer answer) =>
        Assert.True(JsonNode.DeepEquals(expected, answer.Json["credentials"]), $"credentials differ: {answer.Json["credentials"]!.AsObject().Count} field(s)");

    [Fact]
    public async Task Encrypt_then_decrypt_round_trips_as_the_worker()
    {
        var credentials = new JsonObject
        {
            ["username"] = "creator_one",
            ["password"] = Canary("pw"),
            ["note"] = "ключ 🔑 +/= <&> \"quoted\"",
        };

        var encrypted = await _api.EncryptAsync(Worker, new JsonObject { ["credentials"] = credentials.DeepClone() });
        AssertStatus(HttpStatusCode.OK, encrypted);
        Assert.Equal(["enc"], encrypted.Json.Select(p => p.Key)); // exactly the envelope to store
        var enc = (string)encrypted.Json["enc"]!;
        Assert.StartsWith("v1:", enc);
        Assert.Equal(4, enc.Split(':').Length);
        Assert.DoesNotContain(Canary("pw")[..20], enc);

        var decrypted = await _api.DecryptAsync(Worker, new JsonObject { ["enc"] = Envelope(enc) });
        AssertStatus(HttpStatusCode.OK, decrypted);
        Assert.Equal("v1", (string?)decrypted.Json["format"]);
        Assert.Equal("current", (string?)decrypted.Json["key"]);
        Assert.Equal(StackFingerprint, (string?)decrypted.Json["key_fingerprint"]);
        Assert.False((bool)decrypted.Json["needs_reencryption"]!);
        Assert.Null(decrypted.Json["profile_id"]);
        AssertCredentials(credentials, decrypted);
        Assert.Equal("no-store", decrypted.CacheControl);

        // The same envelope stored on a profile, read back by profile_id; and the profile's newest unexpired cookies.
        var profileId = await _stored.CreateProfileAsync(Envelope(enc), "ep");
        var byProfile = await _api.DecryptAsync(Worker, new JsonObject { ["profile_id"] = profileId });
        AssertStatus(HttpStatusCode.OK, byProfile);
        Assert.Equal(profileId, (string?)byProfile.Json["profile_id"]);
        Assert.Equal("credentials", (string?)byProfile.Json["source"]);
        Assert.Equal("v1", (string?)byProfile.Json["format"]);
        AssertCredentials(credentials, byProfile);

        var cookies = new JsonObject { ["sess"] = Canary("sess"), ["auth_id"] = Canary("auth") };
        var older = new JsonObject { ["sess"] = Canary("old-sess") };
        await AddSessionAsync(profileId, Envelope(await _api.EnvelopeAsync(Worker, older)), DateTimeOffset.UtcNow.AddDays(3));
        await Task.Delay(1100); // created_at has one-second resolution on SQLite
        var newest = await AddSessionAsync(profileId, Envelope(await _api.EnvelopeAsync(Worker, cookies)), null);
        await Task.Delay(1100);
        await AddSessionAsync(profileId, Envelope(await _api.EnvelopeAsync(Worker, older)), DateTimeOffset.UtcNow.AddHours(-1)); // newer, expired

        var session = await _api.DecryptAsync(Worker, new JsonObject { ["profile_id"] = profileId, ["source"] = "cookies" });
        AssertStatus(HttpStatusCode.OK, session);
        Assert.Equal("cookies", (string?)session.Json["source"]);
        Assert.Equal(newest, (string?)session.Json["session"]!["id"]);
        Assert.True(session.Json["session"]!.AsObject().ContainsKey("expires_at"));
        Assert.Null(session.Json["session"]!["expires_at"]); // never expires
        AssertCredentials(cookies, session);

        var audit = await _audit.WaitForAsync(l => (string?)l["action"] == "api:credentials/decrypt" && (string?)l["target"] == profileId, count: 2);
        Assert.All(audit, l =>
        {
            Assert.Equal(directus.Stack["WORKER_USER_ID"], (string?)l["caller"]);
            Assert.Equal("ok", (string?)l["outcome"]);
        });
        await _audit.WaitForAsync(l => (string?)l["action"] == "api:credentials/encrypt" && (string?)l["outcome"] == "ok", count: 4);
    }

    [Fact]
    public async Task Any_authenticated_caller_may_encrypt_and_a_missing_or_refused_token_gets_401()
    {
        var body = new JsonObject { ["credentials"] = new JsonObject { ["password"] = "x" } };

        var alice = await _api.EncryptAsync(Alice, body);
        var admin = await _api.EncryptAsync(Admin, body);
        var none = await _api.EncryptAsync(null, body);
        var refused = await _api.DecryptAsync("not-a-directus-token", new JsonObject { ["profile_id"] = Missing });

        AssertStatus(HttpStatusCode.OK, alice);
        AssertStatus(HttpStatusCode.OK, admin);
        AssertStatus(HttpStatusCode.Unauthorized, none);
        AssertStatus(HttpStatusCode.Unauthorized, refused);
        Assert.Equal("Bearer realm=\"creator-profiles-mcp\"", none.WwwAuthenticate);
        Assert.Equal(none.Body, refused.Body);
        Assert.NotEqual((string?)alice.Json["enc"], (string?)admin.Json["enc"]); // a fresh iv every time
    }

    [Fact]
    public async Task Alice_and_the_admin_without_the_role_are_refused_decrypt_alike_whatever_they_ask()
    {
        var alicesProfile = await _rows.CreateProfileAsync(ownerId: directus.Stack["ALICE_USER_ID"], cookies: ScrapeTestData.Cookies.Valid);
        var bobsProfile = await _rows.CreateProfileAsync(ownerId: directus.Stack["BOB_USER_ID"]);
        var enc = await _api.EnvelopeAsync(Alice, new JsonObject { ["password"] = Canary("pw") });
        string[] bodies =
        [
            new JsonObject { ["profile_id"] = alicesProfile }.ToJsonString(),
            new JsonObject { ["profile_id"] = alicesProfile, ["source"] = "cookies" }.ToJsonString(),
            new JsonObject { ["profile_id"] = bobsProfile }.ToJsonString(),
            new JsonObject { ["profile_id"] = Missing }.ToJsonString(),
            new JsonObject { ["profile_id"] = "not-a-uuid" }.ToJsonString(),
            new JsonObject { ["enc"] = Envelope(enc) }.ToJsonString(),
            new JsonObject { ["enc"] = "v1:broken" }.ToJsonString(),
            "{}",
            "not json at all",
        ];

        var answers = new List<(string Who, string Body, ApiAnswer Answer)>();
        foreach (var (who, token) in new[] { ("alice", Alice), ("admin", Admin) })
        {
            foreach (var body in bodies)
            {
                answers.Add((who, body, await _api.PostAsync(_api.Decrypt, token, body)));
            }
        }

        var first = answers[0].Answer;
        AssertStatus(HttpStatusCode.Forbidden, first);
        Assert.Equal("forbidden", (string?)first.Json["error"]);
        foreach (var (who, body, answer) in answers)
        {
            Assert.True(answer.Status == HttpStatusCode.Forbidden && answer.Body == first.Body, $"{who} {body}: {answer}");
        }

        Assert.DoesNotContain(alicesProfile, first.Body);
        var refusals = await _audit.WaitForAsync(l => (string?)l["action"] == "api:credentials/decrypt", count: answers.Count);
        Assert.All(refusals, l => Assert.Equal("forbidden", (string?)l["outcome"]));
        Assert.True(refusals.Select(l => (string)l["caller"]!).ToHashSet().SetEquals([directus.Stack["ADMIN_USER_ID"], directus.Stack["ALICE_USER_ID"]]));
        Assert.All(refusals, l => Assert.Null(l["target"])); // the body of a refused caller is never read
    }

    [Fact]
    public async Task CREDENTIALS_DECRYPT_ROLES_decides_who_may_decrypt()
    {
        var enc = await _api.EnvelopeAsync(Alice, new JsonObject { ["password"] = "x" });
        var body = new JsonObject { ["enc"] = Envelope(enc) };
        var (server, api) = await StartAsync(e => e["CREDENTIALS_DECRYPT_ROLES"] = "Creator, auditor");
        await using (server)
        using (api)
        {
            AssertStatus(HttpStatusCode.OK, await api.DecryptAsync(Alice, body));
            AssertStatus(HttpStatusCode.Forbidden, await api.DecryptAsync(Worker, body));
        }
    }

    [Fact]
    public async Task Legacy_v1_strings_and_legacy_plaintext_are_accepted_with_the_format_reported()
    {
        var credentials = new JsonObject { ["email"] = "one@example.com", ["password"] = Canary("pw") };
        var bare = await _api.EnvelopeAsync(Worker, credentials.DeepClone().AsObject());

        var cases = new (string Name, JsonNode Enc, string Format, string? Key, JsonObject Expected)[]
        {
            ("bare v1 string", JsonValue.Create(bare), "legacy_encrypted", "current", credentials),
            ("plaintext object", credentials.DeepClone(), "legacy_plaintext", null, credentials),
            ("plaintext JSON text", JsonValue.Create(credentials.ToJsonString()), "legacy_plaintext", null, credentials),
            ("plaintext user:password string", JsonValue.Create("one@example.com:" + Canary("pw2")), "legacy_plaintext", null, new JsonObject()),
        };
        foreach (var (name, enc, format, key, expected) in cases)
        {
            var answer = await _api.DecryptAsync(Worker, new JsonObject { ["enc"] = enc.DeepClone() });
            AssertStatus(HttpStatusCode.OK, answer);
            output.WriteLine($"{name}: {answer.Json["format"]}, key {answer.Json["key"]}");
            Assert.Equal(format, (string?)answer.Json["format"]);
            Assert.Equal(key, (string?)answer.Json["key"]);
            Assert.True((bool)answer.Json["needs_reencryption"]!, name);
            if (expected.Count > 0)
            {
                AssertCredentials(expected, answer);
            }
            else
            {
                Assert.Equal((string)enc!, (string?)answer.Json["credentials"]!["value"]); // a plain string reads as {"value": ...}
            }
        }

        // The same legacy forms stored on profiles (as the seed's rows are) and read by profile_id.
        foreach (var (name, enc, format, _, _) in cases)
        {
            var profileId = await _stored.CreateProfileAsync(enc.DeepClone(), "eplg");
            var answer = await _api.DecryptAsync(Worker, new JsonObject { ["profile_id"] = profileId });
            AssertStatus(HttpStatusCode.OK, answer);
            Assert.True(format == (string?)answer.Json["format"], $"{name} stored: {answer.Json["format"]}");
        }
    }

    [Fact]
    public async Task An_envelope_under_a_previous_key_opens_and_says_which_key()
    {
        var enc = await _api.EnvelopeAsync(Worker, new JsonObject { ["password"] = "x" });
        var newKey = MaintenanceTestData.NewKey();
        var (server, api) = await StartAsync(e =>
        {
            e["CREDENTIALS_ENC_KEY_B64"] = newKey;
            e["CREDENTIALS_ENC_PREVIOUS_KEYS_B64"] = directus.EncryptionKey;
        });
        await using (server)
        using (api)
        {
            var answer = await api.DecryptAsync(Worker, new JsonObject { ["enc"] = Envelope(enc) });

            AssertStatus(HttpStatusCode.OK, answer);
            Assert.Equal("previous", (string?)answer.Json["key"]);
            Assert.Equal(StackFingerprint, (string?)answer.Json["key_fingerprint"]);
            Assert.True((bool)answer.Json["needs_reencryption"]!);
        }
    }

    [Fact]
    public async Task Malformed_bodies_get_400_with_a_clear_message_and_the_server_keeps_answering()
    {
        var secret = Canary("secret");
        var enc = await _api.EnvelopeAsync(Worker, new JsonObject { ["password"] = secret });
        var parts = enc.Split(':'); // v1, iv, tag, ciphertext
        var otherKey = MaintenanceTestData.Cipher(MaintenanceTestData.NewKey()).Encrypt(new Dictionary<string, string> { ["password"] = secret });
        var tampered = $"v1:{parts[1]}:{parts[2]}:{Flip(parts[3])}";
        string Decrypt(JsonNode enc) => new JsonObject { ["enc"] = enc }.ToJsonString();

        var cases = new (string Name, Uri Endpoint, string? ContentType, string Body, HttpStatusCode Status, string Code, string Says)[]
        {
            ("not JSON", _api.Decrypt, "application/json", $"password={secret}", HttpStatusCode.BadRequest, "invalid_request", "must be a JSON object"),
            ("broken JSON", _api.Decrypt, "application/json", $"{{\"enc\": \"{secret}\"", HttpStatusCode.BadRequest, "invalid_request", "not valid JSON (line 1"),
            ("an array", _api.Decrypt, "application/json", "[1, 2]", HttpStatusCode.BadRequest, "invalid_request", "must be a JSON object"),
            ("empty body", _api.Decrypt, "application/json", "", HttpStatusCode.BadRequest, "invalid_request", "The body is empty"),
            ("no field", _api.Decrypt, "application/json", "{}", HttpStatusCode.BadRequest, "invalid_request", "Give 'enc'"),
            ("enc null", _api.Decrypt, "application/json", "{\"enc\": null}", HttpStatusCode.BadRequest, "invalid_request", "Give 'enc'"),
            ("both enc and profile_id", _api.Decrypt, "application/json", $"{{\"enc\": \"{enc}\", \"profile_id\": \"{Missing}\"}}", HttpStatusCode.BadRequest, "invalid_request", "not both"),
            ("unknown field", _api.Decrypt, "application/json", "{\"profileId\": \"x\"}", HttpStatusCode.BadRequest, "invalid_request", "Unknown field(s) \"profileId\""),
            ("duplicate field", _api.Decrypt, "application/json", $"{{\"enc\": \"{enc}\", \"enc\": \"v1:x\"}}", HttpStatusCode.BadRequest, "invalid_request", "may appear only once"),
            ("profile_id not a uuid", _api.Decrypt, "application/json", "{\"profile_id\": \"12\"}", HttpStatusCode.BadRequest, "invalid_request", "Invalid 'profile_id'"),
            ("profile_id a number", _api.Decrypt, "application/json", "{\"profile_id\": 12}", HttpStatusCode.BadRequest, "invalid_request", "'profile_id' must be a string"),
            ("unknown source", _api.Decrypt, "application/json", $"{{\"profile_id\": \"{Missing}\", \"source\": \"passwords\"}}", HttpStatusCode.BadRequest, "invalid_request", "Invalid 'source'"),
            ("source with enc", _api.Decrypt, "application/json", $"{{\"enc\": \"{enc}\", \"source\": \"cookies\"}}", HttpStatusCode.BadRequest, "invalid_request", "'source' applies to 'profile_id' only"),
            ("enc a number", _api.Decrypt, "application/json", "{\"enc\": 1234}", HttpStatusCode.BadRequest, "invalid_request", "found a number"),
            ("enc empty", _api.Decrypt, "application/json", "{\"enc\": {}}", HttpStatusCode.BadRequest, "invalid_request", "nothing to decrypt"),
            ("non-base64 part", _api.Decrypt, "application/json", Decrypt(Envelope($"v1:{parts[1]}:{parts[2]}:{parts[3][..8]}!@#$")), HttpStatusCode.BadRequest, "invalid_base64", "not standard base64"),
            ("truncated envelope", _api.Decrypt, "application/json", Decrypt(Envelope(enc[..(enc.LastIndexOf(':'))])), HttpStatusCode.BadRequest, "malformed_envelope", "truncated"),
            ("truncated ciphertext", _api.Decrypt, "application/json", Decrypt(Envelope(enc[..^5])), HttpStatusCode.BadRequest, "invalid_base64", "truncated"),
            ("short iv", _api.Decrypt, "application/json", Decrypt(Envelope($"v1:AAAA:{parts[2]}:{parts[3]}")), HttpStatusCode.BadRequest, "invalid_length", "the iv is 3 bytes"),
            ("wrong key", _api.Decrypt, "application/json", Decrypt(otherKey), HttpStatusCode.BadRequest, "key_mismatch_or_tampered", "do not open with any configured key"),
            ("tampered", _api.Decrypt, "application/json", Decrypt(Envelope(tampered)), HttpStatusCode.BadRequest, "key_mismatch_or_tampered", "altered"),
            ("plaintext not strings", _api.Decrypt, "application/json", Decrypt(new JsonObject { ["pin"] = 123456 }), HttpStatusCode.BadRequest, "invalid_plaintext", "field \"pin\" is a number"),
            ("not JSON content type", _api.Decrypt, "text/plain", Decrypt(Envelope(enc)), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type", "Content-Type: application/json"),
            ("no content type", _api.Decrypt, null, Decrypt(Envelope(enc)), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type", "Content-Type: application/json"),
            ("too large", _api.Decrypt, "application/json", Decrypt(JsonValue.Create(new string('A', 300 * 1024))), HttpStatusCode.RequestEntityTooLarge, "payload_too_large", "256 KiB"),
            ("encrypt: no credentials", _api.Encrypt, "application/json", "{}", HttpStatusCode.BadRequest, "invalid_request", "Invalid 'credentials': (missing)"),
            ("encrypt: credentials an array", _api.Encrypt, "application/json", $"{{\"credentials\": [\"{secret}\"]}}", HttpStatusCode.BadRequest, "invalid_request", "found an array"),
            ("encrypt: a value not a string", _api.Encrypt, "application/json", "{\"credentials\": {\"pin\": 987654}}", HttpStatusCode.BadRequest, "invalid_request", "field \"pin\" is a number"),
            ("encrypt: a bad field name", _api.Encrypt, "application/json", $"{{\"credentials\": {{\"pass word\": \"{secret}\"}}}}", HttpStatusCode.BadRequest, "invalid_request", "field name \"pass word\""),
            ("encrypt: a value too long", _api.Encrypt, "application/json", $"{{\"credentials\": {{\"password\": \"{secret}{new string('x', 9000)}\"}}}}", HttpStatusCode.BadRequest, "invalid_request", "too long; values are never shown"),
            ("encrypt: unknown field", _api.Encrypt, "application/json", "{\"credentials\": {\"a\": \"b\"}, \"store\": true}", HttpStatusCode.BadRequest, "invalid_request", "Unknown field(s) \"store\""),
            ("encrypt: not JSON", _api.Encrypt, "application/json", secret, HttpStatusCode.BadRequest, "invalid_request", "must be a JSON object"),
        };

        var failures = new List<string>();
        foreach (var (name, endpoint, contentType, body, status, code, says) in cases)
        {
            var answer = await _api.PostAsync(endpoint, Worker, body, contentType);
            output.WriteLine($"{name}: {answer}");
            var json = answer.Body.StartsWith('{') ? answer.Json : null;
            if (answer.Status != status || (string?)json?["error"] != code || !((string?)json?["message"] ?? "").Contains(says, StringComparison.Ordinal))
            {
                failures.Add($"{name}: expected {(int)status} {code} '{says}', got {answer}");
            }

            if (answer.Body.Contains(secret, StringComparison.Ordinal) || answer.Body.Contains(parts[3], StringComparison.Ordinal))
            {
                failures.Add($"{name}: the answer quotes the value sent");
            }
        }

        Assert.Empty(failures);
        var ok = await _api.DecryptAsync(Worker, new JsonObject { ["enc"] = Envelope(enc) });
        AssertStatus(HttpStatusCode.OK, ok);
        Assert.Equal(secret, (string?)ok.Json["credentials"]!["password"]);
        Assert.DoesNotContain(secret, _server.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", _server.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stored_values_that_do_not_open_are_422_missing_profiles_404_and_no_credentials_reads_as_none()
    {
        var enc = await _api.EnvelopeAsync(Worker, new JsonObject { ["password"] = "x" });
        var parts = enc.Split(':');
        var damaged = await _stored.CreateProfileAsync(Envelope($"v1:{parts[1]}:{parts[2]}:{Flip(parts[3])}"), "epdm");
        var nothing = await _stored.CreateProfileAsync(null, "epno");
        var noCookies = await _rows.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Expired);
        var fakeCookies = await _rows.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid); // the scrape tests' placeholder envelope

        var unreadable = await _api.DecryptAsync(Worker, new JsonObject { ["profile_id"] = damaged });
        var none = await _api.DecryptAsync(Worker, new JsonObject { ["profile_id"] = nothing });
        var expired = await _api.DecryptAsync(Worker, new JsonObject { ["profile_id"] = noCookies, ["source"] = "cookies" });
        var placeholder = await _api.DecryptAsync(Worker, new JsonObject { ["profile_id"] = fakeCookies, ["source"] = "cookies" });
        var missing = await _api.DecryptAsync(Worker, new JsonObject { ["profile_id"] = Missing });
        var missingCookies = await _api.DecryptAsync(Worker, new JsonObject { ["profile_id"] = Missing, ["source"] = "cookies" });

        AssertStatus(HttpStatusCode.UnprocessableEntity, unreadable);
        Assert.Equal("key_mismatch_or_tampered", (string?)unreadable.Json["error"]);
        Assert.Contains(damaged, (string?)unreadable.Json["message"]);
        AssertStatus(HttpStatusCode.OK, none);
        Assert.Equal("none", (string?)none.Json["format"]);
        Assert.Empty(none.Json["credentials"]!.AsObject());
        AssertStatus(HttpStatusCode.NotFound, expired);
        Assert.Equal("no_cookies", (string?)expired.Json["error"]);
        AssertStatus(HttpStatusCode.UnprocessableEntity, placeholder);
        AssertStatus(HttpStatusCode.NotFound, missing);
        Assert.Equal("not_found", (string?)missing.Json["error"]);
        Assert.Equal(missing.Body, missingCookies.Body);
        var outcomes = await _audit.WaitForAsync(l => (string?)l["action"] == "api:credentials/decrypt", count: 6);
        Assert.Equal(["key_mismatch_or_tampered", "no_cookies", "not_found", "ok"], outcomes.Select(l => (string)l["outcome"]!).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(outcomes, l => (string?)l["target"] == Missing);
    }

    [Fact]
    public async Task No_plaintext_value_reaches_the_server_log_or_the_audit_log()
    {
        var values = new[] { Canary("pw"), Canary("totp"), Canary("cookie"), Canary("ключ-🔑") };
        var credentials = new JsonObject { ["password"] = values[0], ["totp_secret"] = values[1], ["recovery"] = values[3] };
        var cookies = new JsonObject { ["sess"] = values[2] };
        var enc = await _api.EnvelopeAsync(Worker, credentials.DeepClone().AsObject());
        await _api.EnvelopeAsync(Alice, credentials.DeepClone().AsObject());
        var profileId = await _stored.CreateProfileAsync(Envelope(enc), "epcn");
        await AddSessionAsync(profileId, Envelope(await _api.EnvelopeAsync(Worker, cookies)), DateTimeOffset.UtcNow.AddDays(1));
        var legacyPlain = await _stored.CreateProfileAsync(credentials.DeepClone(), "epcp");
        var parts = enc.Split(':');

        var answers = new List<ApiAnswer>
        {
            await _api.DecryptAsync(Worker, new JsonObject { ["enc"] = Envelope(enc) }),
            await _api.DecryptAsync(Worker, new JsonObject { ["enc"] = enc }),
            await _api.DecryptAsync(Worker, new JsonObject { ["enc"] = credentials.DeepClone() }),
            await _api.DecryptAsync(Worker, new JsonObject { ["profile_id"] = profileId }),
            await _api.DecryptAsync(Worker, new JsonObject { ["profile_id"] = profileId, ["source"] = "cookies" }),
            await _api.DecryptAsync(Worker, new JsonObject { ["profile_id"] = legacyPlain }),
        };
        Assert.All(answers, a => AssertStatus(HttpStatusCode.OK, a));
        Assert.Contains(values[2], answers[4].Body); // the worker does get the plaintext ...

        var refused = new List<ApiAnswer>
        {
            await _api.DecryptAsync(Alice, new JsonObject { ["enc"] = credentials.DeepClone() }),
            await _api.PostAsync(_api.Decrypt, Worker, $"{{\"enc\": {credentials.ToJsonString()}"),
            await _api.PostAsync(_api.Decrypt, Worker, $"{values[0]} {values[3]}"),
            await _api.DecryptAsync(Worker, new JsonObject { ["enc"] = Envelope($"v1:{parts[1]}:{parts[2]}:{Flip(parts[3])}") }),
            await _api.DecryptAsync(Worker, new JsonObject { ["enc"] = new JsonObject { ["password"] = values[0], ["n"] = 1 } }),
            await _api.PostAsync(_api.Encrypt, Worker, $"{{\"credentials\": {{\"password\": \"{values[0]}\", \"pin\": 1}}}}"),
            await _api.PostAsync(_api.Encrypt, Worker, $"{{\"credentials\": {{\"password\": \"{values[0]}{new string('x', 9000)}\"}}}}"),
            await _api.PostAsync(_api.Encrypt, Worker, $"{{\"credentials\": {{\"password\": \"{values[0]}\"}}, \"credentials\": {{}}}}"),
        };
        Assert.All(refused, a => Assert.True(a.Status is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, a.ToString()));

        await _audit.WaitForAsync(l => ((string?)l["action"])!.StartsWith("api:credentials/", StringComparison.Ordinal), count: 3 + answers.Count + refused.Count);
        await _server.DisposeAsync(); // stops the process; every stderr line has arrived
        var logs = new[] { ("stderr", _server.StandardError), ("audit", _audit.Text) };
        foreach (var (where, text) in logs)
        {
            output.WriteLine($"{where}: {text.Split('\n').Length} lines");
            foreach (var value in values)
            {
                Assert.False(text.Contains(value, StringComparison.Ordinal), $"{where} holds a plaintext value");
                Assert.False(text.Contains(value[..^8], StringComparison.Ordinal), $"{where} holds part of a plaintext value");
            }

            Assert.DoesNotContain(parts[3], text, StringComparison.Ordinal); // nor the ciphertext
        }

        foreach (var answer in refused)
        {
            Assert.DoesNotContain($"CANARY-{_run}", answer.Body, StringComparison.Ordinal);
        }

        Assert.All(_audit.Lines, l => Assert.True(l["target"] is null || Guid.TryParse((string?)l["target"], out _), l.ToJsonString()));
    }

    [Fact]
    public async Task Over_the_rate_limit_calls_get_429_with_Retry_After_and_other_callers_and_endpoints_keep_working()
    {
        var enc = await _api.EnvelopeAsync(Worker, new JsonObject { ["password"] = "x" });
        var (server, api) = await StartAsync(e => e["RATE_LIMIT_SENSITIVE_CALLS_PER_MINUTE"] = "3");
        await using (server)
        using (api)
        {
            var body = new JsonObject { ["enc"] = Envelope(enc) };
            var answers = new List<ApiAnswer>();
            for (var i = 0; i < 5; i++)
            {
                answers.Add(await api.DecryptAsync(Worker, body));
            }

            Assert.Equal([200, 200, 200, 429, 429], answers.Select(a => (int)a.Status));
            var refusal = answers[3];
            Assert.True(int.TryParse(refusal.RetryAfter, out var seconds) && seconds >= 1, refusal.RetryAfter);
            Assert.Equal("rate_limited", (string?)refusal.Json["error"]);
            Assert.Equal(seconds, (int?)refusal.Json["retry_after_seconds"]);
            Assert.Contains("retry after", (string?)refusal.Json["message"]);
            AssertStatus(HttpStatusCode.OK, await api.EncryptAsync(Alice, new JsonObject { ["credentials"] = new JsonObject { ["a"] = "b" } }));
            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(server.BaseUri, "/healthz"))).StatusCode);
            await _audit.WaitForAsync(l => (string?)l["outcome"] == "rate_limited", count: 2);
        }
    }

    [Fact]
    public async Task Without_a_key_both_endpoints_say_so_and_with_no_auth_they_are_not_served()
    {
        var (server, api) = await StartAsync(e => e.Remove("CREDENTIALS_ENC_KEY_B64"));
        await using (server)
        using (api)
        {
            var encrypt = await api.EncryptAsync(Alice, new JsonObject { ["credentials"] = new JsonObject { ["a"] = "b" } });
            var decrypt = await api.DecryptAsync(Worker, new JsonObject { ["profile_id"] = Missing });
            var forbidden = await api.DecryptAsync(Alice, new JsonObject { ["profile_id"] = Missing });

            AssertStatus(HttpStatusCode.ServiceUnavailable, encrypt);
            Assert.Equal("not_configured", (string?)encrypt.Json["error"]);
            Assert.Contains("CREDENTIALS_ENC_KEY_B64", (string?)encrypt.Json["message"]);
            AssertStatus(HttpStatusCode.ServiceUnavailable, decrypt);
            AssertStatus(HttpStatusCode.Forbidden, forbidden); // the role is checked first, whatever the configuration
        }

        var environment = directus.ServerEnvironment(directus.Stack["BOB_TOKEN"]);
        await using var noAuth = await HttpServerProcess.StartAsync(environment, "--no-auth");
        using var noAuthApi = new CredentialsApi(noAuth);
        AssertStatus(HttpStatusCode.NotFound, await noAuthApi.EncryptAsync(null, new JsonObject { ["credentials"] = new JsonObject { ["a"] = "b" } }));
        AssertStatus(HttpStatusCode.NotFound, await noAuthApi.DecryptAsync(null, new JsonObject { ["profile_id"] = Missing }));
    }

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
