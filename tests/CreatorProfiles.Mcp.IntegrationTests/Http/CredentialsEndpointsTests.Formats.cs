using System.Net;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Maintenance;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>What decrypt opens: the worker's v1 round trip (by envelope, by profile, newest unexpired cookies), the legacy formats, and an envelope under a previous key.</summary>
public sealed partial class CredentialsEndpointsTests
{
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
        var byProfile = await _api.DecryptAsync(Worker, await ForJobAsync(profileId));
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

        var session = await _api.DecryptAsync(Worker, await ForJobAsync(profileId, "cookies"));
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
            var answer = await _api.DecryptAsync(Worker, await ForJobAsync(profileId));
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
}
