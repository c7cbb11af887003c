using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static CreatorProfiles.Mcp.IntegrationTests.Maintenance.MaintenanceTestData;

namespace CreatorProfiles.Mcp.IntegrationTests.Maintenance;

/// <summary>
/// `credentials migrate-legacy` and `credentials rotate` against a real Directus of their own (seeded: 12 profiles
/// with v1, legacy_encrypted, legacy_plaintext and no credentials; 8 platform_sessions with v1 cookies). Every test
/// adds the legacy rows it needs, so the order the tests run in does not matter, and leaves every value readable
/// by the stack's key (a rotation is rotated back), so the next test starts from a sound state.
/// </summary>
[Collection(MaintenanceDirectusCollection.Name)]
public sealed partial class MaintenanceCommandTests(MaintenanceDirectus directus, ITestOutputHelper output) : IDisposable
{
    private readonly MaintenanceTestData _data = new(directus);

    private CredentialsCipher StackCipher => Cipher(directus.EncryptionKey);

    public void Dispose() => _data.Dispose();

    /// <summary>Three legacy forms with canary secrets (the seed has the others): a bare "v1:..." string, a
    /// "user:password" string, and an object without "enc".</summary>
    private async Task<List<string>> AddLegacyProfilesAsync(int copies = 1)
    {
        var ids = new List<string>();
        for (var i = 0; i < copies; i++)
        {
            ids.Add(await _data.CreateProfileAsync(LegacyEncrypted(StackCipher, new Dictionary<string, string> { ["email"] = "me@example.com", ["password"] = $"MTCANARY-enc-{i}" })));
            ids.Add(await _data.CreateProfileAsync(JsonValue.Create($"someone:MTCANARY-pair-{i}")));
            ids.Add(await _data.CreateProfileAsync(new JsonObject { ["login"] = "someone", ["password"] = $"MTCANARY-obj-{i}", ["totp"] = "MTCANARY-totp" }));
        }

        return ids;
    }

    private static void AssertNoValueIn(ProcessResult result)
    {
        var all = result.StandardOutput + result.StandardError;
        Assert.DoesNotContain("SEEDCANARY", all);
        Assert.DoesNotContain("MTCANARY", all);
        Assert.DoesNotMatch(@"v1:[A-Za-z0-9+/=]{8,}:", all); // no ciphertext either
    }

    private void Show(string what, ProcessResult result) =>
        output.WriteLine($"--- {what}: exit {result.ExitCode}\n{result.StandardOutput}\n[stderr]\n{result.StandardError}");

    private static int CountLegacy(Dictionary<string, JsonElement?> column) =>
        column.Values.Count(v => CredentialsFormatClassifier.Classify(v) is CredentialsFormat.LegacyEncrypted or CredentialsFormat.LegacyPlaintext);

    [Fact]
    public async Task Dry_runs_of_both_commands_change_nothing_and_say_what_they_would_do()
    {
        await AddLegacyProfilesAsync();
        var legacy = CountLegacy(await _data.ColumnAsync(ProfilesCollection, "credentials"));
        var envelopes = (await _data.AllEncryptedAsync()).Values.Count(v => CredentialsFormatClassifier.Classify(v) == CredentialsFormat.V1);
        var before = await _data.SnapshotAsync();

        var migrate = await _data.RunAsync(["migrate-legacy", "--dry-run"]);
        var rotate = await _data.RunAsync(["rotate", "--dry-run"], key: NewKey(), previousKeys: directus.EncryptionKey);
        Show("migrate-legacy --dry-run", migrate);
        Show("rotate --dry-run (new key)", rotate);

        Assert.Equal(before, await _data.SnapshotAsync());
        Assert.Equal(0, migrate.ExitCode);
        Assert.Equal(0, rotate.ExitCode);
        Assert.Contains("would migrate", migrate.StandardOutput);
        Assert.Equal(legacy, Summary(migrate.StandardOutput, "creator_profiles.credentials").Migrated);
        Assert.Contains("nothing was written", migrate.StandardOutput);
        Assert.Equal(envelopes, Summary(rotate.StandardOutput, "total").Migrated);
        AssertNoValueIn(migrate);
        AssertNoValueIn(rotate);
    }

    [Fact]
    public async Task Rows_that_cannot_be_read_are_reported_by_id_left_untouched_and_fail_the_run()
    {
        var unknownKey = Cipher(NewKey());
        var envelope = StackCipher.Encrypt(new Dictionary<string, string> { ["password"] = "MTCANARY-tamper" });
        var enc = (string)envelope["enc"]!;
        var tampered = enc[..^4] + (enc[^4] == 'A' ? 'B' : 'A') + enc[^3..]; // one ciphertext character changed
        var bad = new Dictionary<string, JsonNode>
        {
            ["legacy under an unknown key"] = LegacyEncrypted(unknownKey, new Dictionary<string, string> { ["password"] = "MTCANARY-unknown" }),
            ["legacy object with a number"] = new JsonObject { ["password"] = "MTCANARY-number", ["pin"] = 1234 },
            ["tampered envelope"] = new JsonObject { ["enc"] = tampered },
            ["envelope under an unknown key"] = unknownKey.Encrypt(new Dictionary<string, string> { ["password"] = "MTCANARY-unknown-env" }),
        };
        Assert.Equal(0, (await _data.RunAsync(["migrate-legacy"])).ExitCode); // whatever other tests left: done first
        var ids = new Dictionary<string, string>();
        foreach (var (what, value) in bad)
        {
            ids[what] = await _data.CreateProfileAsync(value);
        }

        try
        {
            var snapshot = await _data.SnapshotAsync();
            var migrate = await _data.RunAsync(["migrate-legacy"]);
            var rotate = await _data.RunAsync(["rotate"]);
            Show("migrate-legacy with unreadable rows", migrate);
            Show("rotate with unreadable rows", rotate);

            Assert.Equal(1, migrate.ExitCode);
            Assert.Equal(2, Summary(migrate.StandardOutput, "creator_profiles.credentials").Failed);
            Assert.Contains(ids["legacy under an unknown key"], migrate.StandardOutput);
            Assert.Contains(ids["legacy object with a number"], migrate.StandardOutput);
            Assert.Contains("field \"pin\" is a number", migrate.StandardOutput);
            Assert.Equal(1, rotate.ExitCode);
            Assert.Equal(2, Summary(rotate.StandardOutput, "creator_profiles.credentials").Failed);
            Assert.Contains(ids["tampered envelope"], rotate.StandardOutput);
            Assert.Contains(ids["envelope under an unknown key"], rotate.StandardOutput);
            Assert.Contains("do not open with any configured key", rotate.StandardOutput);
            var after = await _data.ColumnAsync(ProfilesCollection, "credentials");
            Assert.All(ids, p => Assert.Equal(bad[p.Key].ToJsonString(), JsonNode.Parse(after[p.Value]!.Value.GetRawText())!.ToJsonString()));
            Assert.Equal(snapshot, await _data.SnapshotAsync());
            AssertNoValueIn(migrate);
            AssertNoValueIn(rotate);
        }
        finally
        {
            foreach (var id in ids.Values)
            {
                await _data.DeleteAsync(ProfilesCollection, id); // the other tests expect runs that succeed
            }
        }
    }

    [Fact]
    public async Task Without_a_key_the_commands_refuse_with_exit_code_2_and_touch_nothing()
    {
        var before = await _data.SnapshotAsync();
        var environment = directus.ServerEnvironment();
        environment["CREDENTIALS_ENC_KEY_B64"] = null;
        var (command, arguments) = ServerCommand.Get("credentials", "rotate");

        var result = await ProcessRunner.RunAsync(command, arguments, environment, timeout: TimeSpan.FromMinutes(2));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("CREDENTIALS_ENC_KEY_B64 is not set", result.StandardError);
        Assert.Equal(before, await _data.SnapshotAsync());
    }
}
