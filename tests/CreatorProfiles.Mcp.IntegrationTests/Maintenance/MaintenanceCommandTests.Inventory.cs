using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain.Credentials;
using Microsoft.AspNetCore.Http;
using static CreatorProfiles.Mcp.IntegrationTests.Maintenance.MaintenanceTestData;

namespace CreatorProfiles.Mcp.IntegrationTests.Maintenance;

/// <summary>`credentials inventory`: what each key opens, read-only, and the moment an old key can be dropped.</summary>
public sealed partial class MaintenanceCommandTests
{
    [Fact]
    public async Task Inventory_counts_what_each_key_opens_writes_nothing_and_says_when_the_old_key_can_be_dropped()
    {
        var oldKey = NewKey();
        var old = Cipher(oldKey);
        var (current, previous) = (StackCipher.KeyFingerprint, old.KeyFingerprint);
        static Dictionary<string, string> Secret(string what) => new() { ["password"] = $"MTCANARY-inventory-{what}" };
        var underOld = await _data.CreateProfileAsync(old.Encrypt(Secret("old")));
        var bareUnderOld = await _data.CreateProfileAsync(LegacyEncrypted(old, Secret("bare")));
        var plaintext = await _data.CreateProfileAsync(new JsonObject { ["password"] = "MTCANARY-inventory-plain" });
        var unknownKey = await _data.CreateProfileAsync(Cipher(NewKey()).Encrypt(Secret("unknown")));
        var session = await _data.CreateSessionAsync(underOld, old.Encrypt(Secret("cookie")));
        var bareSession = await _data.CreateSessionAsync(underOld, LegacyEncrypted(old, Secret("bare-cookie")));
        var requests = new List<string>();
        Task<bool> Count(HttpContext context, HttpResponseMessage answer)
        {
            lock (requests)
            {
                requests.Add(context.Request.Method);
            }

            return Task.FromResult(true);
        }

        try
        {
            // What the test itself finds, as the oracle: per column, how many values the stack key opens.
            var both = Cipher(directus.EncryptionKey, oldKey);
            var openedByCurrent = (await _data.AllEncryptedAsync()).GroupBy(p => p.Key.Split('/')[0])
                .ToDictionary(g => g.Key, g => g.Count(p => both.Verify(p.Value).KeyFingerprint == current));
            var snapshot = await _data.SnapshotAsync();

            var table = await _data.RunThroughAsync(["inventory"], Count, previousKeys: oldKey);
            var json = await _data.RunAsync(["inventory", "--json"], previousKeys: oldKey);
            Show("inventory", table);
            Show("inventory --json", json);

            Assert.Equal(snapshot, await _data.SnapshotAsync());
            Assert.NotEmpty(requests);
            Assert.All(requests, method => Assert.Equal("GET", method)); // read-only, request by request
            Assert.Equal((0, 0), (table.ExitCode, json.ExitCode));
            AssertNoValueIn(table);
            AssertNoValueIn(json);
            var report = JsonNode.Parse(json.StandardOutput)!;
            var (credentials, cookies) = (report["columns"]![0]!, report["columns"]![1]!);
            Assert.Equal(("creator_profiles.credentials", "platform_sessions.cookies"), ((string?)credentials["column"], (string?)cookies["column"]));
            Assert.Equal((1, 1), ((int)credentials["envelopes"]![previous]!, (int)credentials["bare_v1"]![previous]!));
            Assert.Equal((1, 1), ((int)cookies["envelopes"]![previous]!, (int)cookies["bare_v1"]![previous]!));
            Assert.Equal(openedByCurrent[ProfilesCollection], (int)credentials["envelopes"]![current]! + ((int?)credentials["bare_v1"]![current] ?? 0));
            Assert.Equal(openedByCurrent[SessionsCollection], (int)cookies["envelopes"]![current]! + ((int?)cookies["bare_v1"]![current] ?? 0));
            Assert.True((int)credentials["legacy_plaintext"]! >= 1);
            Assert.Contains(report["unreadable_rows"]!.AsArray(), r => (string?)r!["id"] == unknownKey && (string?)r["status"] == "key_mismatch_or_tampered");
            var oldKeyReport = report["keys"]!.AsArray().Single(k => (string?)k!["fingerprint"] == previous)!;
            Assert.Equal((4, false), ((int)oldKeyReport["opens"]!, (bool)oldKeyReport["can_be_dropped"]!));
            Assert.Contains($"key {previous} (previous): still opens 4 value(s)", table.StandardOutput);
            Assert.Contains($"{unknownKey}: key_mismatch_or_tampered", table.StandardOutput);

            // Rewrite what the old key opens (the bare strings, cookies too, by migration); then the inventory says it can go.
            await _data.RunAsync(["migrate-legacy"], previousKeys: oldKey);
            await _data.RunAsync(["rotate"], previousKeys: oldKey); // exit 1: the row under an unknown key stays unreadable
            var afterwards = await _data.RunAsync(["inventory"], previousKeys: oldKey);
            Show("inventory after migrate-legacy and rotate", afterwards);

            Assert.Equal(0, afterwards.ExitCode);
            Assert.Contains($"key {previous} (previous): opens nothing: it can be dropped", afterwards.StandardOutput);
        }
        finally
        {
            await _data.DeleteAsync(SessionsCollection, session);
            await _data.DeleteAsync(SessionsCollection, bareSession);
            foreach (var id in new[] { underOld, bareUnderOld, plaintext, unknownKey })
            {
                await _data.DeleteAsync(ProfilesCollection, id);
            }
        }
    }
}
