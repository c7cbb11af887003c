using System.Net;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>The canary scan: no plaintext value (nor ciphertext) reaches the server log or the audit log.</summary>
public sealed partial class CredentialsEndpointsTests
{
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
            await _api.DecryptAsync(Worker, await ForJobAsync(profileId)),
            await _api.DecryptAsync(Worker, await ForJobAsync(profileId, "cookies")),
            await _api.DecryptAsync(Worker, await ForJobAsync(legacyPlain)),
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
}
