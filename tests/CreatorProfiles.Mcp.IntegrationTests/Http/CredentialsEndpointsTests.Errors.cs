using System.Net;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Maintenance;
using CreatorProfiles.Mcp.IntegrationTests.Scrapes;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>Refusals: malformed bodies get 400 with a clear message, stored values that do not open 422, missing profiles 404.</summary>
public sealed partial class CredentialsEndpointsTests
{
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
            ("no field", _api.Decrypt, "application/json", "{}", HttpStatusCode.BadRequest, "invalid_request", "Give 'profile_id'"),
            ("enc null", _api.Decrypt, "application/json", "{\"enc\": null}", HttpStatusCode.BadRequest, "invalid_request", "Give 'profile_id'"),
            ("both enc and profile_id", _api.Decrypt, "application/json", $"{{\"enc\": \"{enc}\", \"profile_id\": \"{Missing}\"}}", HttpStatusCode.BadRequest, "invalid_request", "not both"),
            ("unknown field", _api.Decrypt, "application/json", "{\"profileId\": \"x\"}", HttpStatusCode.BadRequest, "invalid_request", "Unknown field(s) \"profileId\""),
            ("duplicate field", _api.Decrypt, "application/json", $"{{\"enc\": \"{enc}\", \"enc\": \"v1:x\"}}", HttpStatusCode.BadRequest, "invalid_request", "may appear only once"),
            ("profile_id not a uuid", _api.Decrypt, "application/json", "{\"profile_id\": \"12\"}", HttpStatusCode.BadRequest, "invalid_request", "Invalid 'profile_id'"),
            ("profile_id a number", _api.Decrypt, "application/json", "{\"profile_id\": 12}", HttpStatusCode.BadRequest, "invalid_request", "'profile_id' must be a string"),
            ("unknown source", _api.Decrypt, "application/json", $"{{\"profile_id\": \"{Missing}\", \"source\": \"passwords\"}}", HttpStatusCode.BadRequest, "invalid_request", "Invalid 'source'"),
            ("source with enc", _api.Decrypt, "application/json", $"{{\"enc\": \"{enc}\", \"source\": \"cookies\"}}", HttpStatusCode.BadRequest, "invalid_request", "'source' and 'job_id' apply to 'profile_id' only"),
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
    public async Task Stored_values_that_do_not_open_are_422_no_cookies_404_and_no_credentials_reads_as_none()
    {
        var enc = await _api.EnvelopeAsync(Worker, new JsonObject { ["password"] = "x" });
        var parts = enc.Split(':');
        var damaged = await _stored.CreateProfileAsync(Envelope($"v1:{parts[1]}:{parts[2]}:{Flip(parts[3])}"), "epdm");
        var nothing = await _stored.CreateProfileAsync(null, "epno");
        var noCookies = await _rows.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Expired);
        var fakeCookies = await _rows.CreateProfileAsync(cookies: ScrapeTestData.Cookies.Valid); // the scrape tests' placeholder envelope

        var unreadable = await _api.DecryptAsync(Worker, await ForJobAsync(damaged));
        var none = await _api.DecryptAsync(Worker, await ForJobAsync(nothing));
        var expired = await _api.DecryptAsync(Worker, await ForJobAsync(noCookies, "cookies"));
        var placeholder = await _api.DecryptAsync(Worker, await ForJobAsync(fakeCookies, "cookies"));
        // A profile that does not exist has no running job: the one refusal, not a 404 (see .BoundToWork).
        var missing = await _api.DecryptAsync(Worker, new JsonObject { ["profile_id"] = Missing, ["job_id"] = Missing });
        var missingCookies = await _api.DecryptAsync(Worker, new JsonObject { ["profile_id"] = Missing, ["job_id"] = Missing, ["source"] = "cookies" });

        AssertStatus(HttpStatusCode.UnprocessableEntity, unreadable);
        Assert.Equal("key_mismatch_or_tampered", (string?)unreadable.Json["error"]);
        Assert.Contains(damaged, (string?)unreadable.Json["message"]);
        AssertStatus(HttpStatusCode.OK, none);
        Assert.Equal("none", (string?)none.Json["format"]);
        Assert.Empty(none.Json["credentials"]!.AsObject());
        AssertStatus(HttpStatusCode.NotFound, expired);
        Assert.Equal("no_cookies", (string?)expired.Json["error"]);
        AssertStatus(HttpStatusCode.UnprocessableEntity, placeholder);
        AssertStatus(HttpStatusCode.Forbidden, missing);
        Assert.Equal("not_bound_to_work", (string?)missing.Json["error"]);
        Assert.Equal(missing.Body, missingCookies.Body);
        var outcomes = await _audit.WaitForAsync(l => (string?)l["action"] == "api:credentials/decrypt", count: 6);
        Assert.Equal(["key_mismatch_or_tampered", "no_cookies", "not_bound_to_work", "ok"], outcomes.Select(l => (string)l["outcome"]!).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(outcomes, l => (string?)l["target"] == Missing);
    }
}
