using System.Diagnostics;
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
public sealed class MaintenanceCommandTests(MaintenanceDirectus directus, ITestOutputHelper output) : IDisposable
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
    public async Task Migrate_legacy_rewrites_every_legacy_value_as_a_v1_envelope_with_the_same_fields_and_a_rerun_has_nothing_to_do()
    {
        await AddLegacyProfilesAsync(copies: 2);
        var before = await _data.ColumnAsync(ProfilesCollection, "credentials");
        var legacyIds = before.Where(p => CredentialsFormatClassifier.Classify(p.Value) is CredentialsFormat.LegacyEncrypted or CredentialsFormat.LegacyPlaintext).Select(p => p.Key).ToList();
        var opened = before.ToDictionary(p => p.Key, p => Opened.Try(StackCipher, p.Value));
        var otherColumns = await directus.Rest.ItemsAsync(ProfilesCollection, fields: "id,user_id,platform,username,identity_key,scrape_status,is_active,last_error");
        var sessions = await _data.ColumnAsync(SessionsCollection, "cookies");

        var watch = Stopwatch.StartNew();
        var run = await _data.RunAsync(["migrate-legacy"]);
        var runTime = watch.Elapsed;
        Show("migrate-legacy", run);

        Assert.Equal(0, run.ExitCode);
        var summary = Summary(run.StandardOutput, "creator_profiles.credentials");
        Assert.Equal((before.Count, legacyIds.Count, 0), (summary.Rows, summary.Migrated, summary.Failed));
        var after = await _data.ColumnAsync(ProfilesCollection, "credentials");
        Assert.Equal(0, CountLegacy(after));
        var currentOnly = Cipher(directus.EncryptionKey);
        foreach (var id in legacyIds)
        {
            Assert.Equal(CredentialsFormat.V1, CredentialsFormatClassifier.Classify(after[id]));
            var now = Opened.Try(currentOnly, after[id]);
            Assert.True(opened[id]!.SameContent(now), $"{id}: was {opened[id]}, now {now?.ToString() ?? "unreadable"}");
        }

        foreach (var id in before.Keys.Except(legacyIds))
        {
            Assert.Equal(before[id]?.GetRawText(), after[id]?.GetRawText()); // envelopes and empty rows untouched
        }

        Assert.Equal(otherColumns.ToJsonString(), (await directus.Rest.ItemsAsync(ProfilesCollection, fields: "id,user_id,platform,username,identity_key,scrape_status,is_active,last_error")).ToJsonString());
        Assert.Equal(sessions.ToDictionary(p => p.Key, p => p.Value?.GetRawText()), (await _data.ColumnAsync(SessionsCollection, "cookies")).ToDictionary(p => p.Key, p => p.Value?.GetRawText()));
        AssertNoValueIn(run);

        var snapshot = await _data.SnapshotAsync();
        var rerun = await _data.RunAsync(["migrate-legacy"]);
        Show("migrate-legacy (rerun)", rerun);
        Assert.Equal(0, rerun.ExitCode);
        Assert.Contains("nothing to do", rerun.StandardOutput);
        Assert.Equal(0, Summary(rerun.StandardOutput, "creator_profiles.credentials").Migrated);
        Assert.Equal(snapshot, await _data.SnapshotAsync());
        output.WriteLine($"figures: {legacyIds.Count} legacy values of {before.Count} rows migrated; process wall time {runTime.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task Rotate_to_a_new_key_leaves_every_envelope_opened_by_the_new_key_alone_and_a_rerun_has_nothing_to_do()
    {
        await AddLegacyProfilesAsync();
        Assert.Equal(0, (await _data.RunAsync(["migrate-legacy"])).ExitCode); // rotation works on envelopes: migrate first
        var before = await _data.AllEncryptedAsync();
        var stored = before.Where(p => p.Value is not null).Select(p => p.Key).ToList();
        var opened = before.ToDictionary(p => p.Key, p => Opened.Try(StackCipher, p.Value));
        var newKey = NewKey();

        try
        {
            var watch = Stopwatch.StartNew();
            var rotate = await _data.RunAsync(["rotate"], key: newKey, previousKeys: directus.EncryptionKey);
            var rotateTime = watch.Elapsed;
            Show("rotate (old key -> new key)", rotate);

            Assert.Equal(0, rotate.ExitCode);
            Assert.Equal(stored.Count, Summary(rotate.StandardOutput, "total").Migrated);
            var after = await _data.AllEncryptedAsync();
            var newOnly = Cipher(newKey);
            var oldOnly = Cipher(directus.EncryptionKey);
            foreach (var key in stored)
            {
                var now = Opened.Try(newOnly, after[key]);
                Assert.True(now is { Format: CredentialsFormat.V1 } && opened[key]!.SameContent(now), $"{key}: the new key alone does not open it to the same fields");
                Assert.Equal(CredentialsCheckOutcome.KeyMismatchOrTampered, oldOnly.Verify(after[key]).Status);
            }

            AssertNoValueIn(rotate);
            var snapshot = await _data.SnapshotAsync();
            var rerun = await _data.RunAsync(["rotate"], key: newKey, previousKeys: directus.EncryptionKey);
            Show("rotate (rerun)", rerun);
            Assert.Equal(0, rerun.ExitCode);
            Assert.Contains("nothing to do", rerun.StandardOutput);
            Assert.Equal((0, stored.Count), (Summary(rerun.StandardOutput, "total").Migrated, Summary(rerun.StandardOutput, "total").AlreadyCurrent));
            Assert.Equal(snapshot, await _data.SnapshotAsync());
            output.WriteLine($"figures: {stored.Count} envelopes rotated ({before.Count} rows walked); process wall time {rotateTime.TotalSeconds:0.00} s");
        }
        finally
        {
            // Back to the stack's key for the other tests (and a second rotation, checked).
            var back = await _data.RunAsync(["rotate"], key: directus.EncryptionKey, previousKeys: newKey);
            Assert.Equal(0, back.ExitCode);
        }

        var restored = await _data.AllEncryptedAsync();
        Assert.All(stored, key => Assert.True(opened[key]!.SameContent(Opened.Try(Cipher(directus.EncryptionKey), restored[key])), key));
    }

    [Trait("Category", "Fast")]
    [Fact]
    public async Task A_migration_killed_after_its_first_write_loses_nothing_and_a_rerun_finishes_it()
    {
        await AddLegacyProfilesAsync(copies: 2);
        var before = await _data.ColumnAsync(ProfilesCollection, "credentials");
        var legacy = CountLegacy(before);
        var opened = before.ToDictionary(p => p.Key, p => Opened.Try(StackCipher, p.Value));

        var killed = await _data.RunAsync(["migrate-legacy"], killAfterWrites: 1);
        Show("migrate-legacy killed after 1 write", killed);

        Assert.Equal(137, killed.ExitCode); // SIGKILL
        Assert.DoesNotContain("migrated", killed.StandardOutput); // no summary: it died mid-way
        var middle = await _data.ColumnAsync(ProfilesCollection, "credentials");
        Assert.Equal(legacy - 1, CountLegacy(middle));
        Assert.All(before.Keys, id => Assert.True(opened[id] is null || opened[id]!.SameContent(Opened.Try(StackCipher, middle[id])), $"{id} changed content"));

        var rerun = await _data.RunAsync(["migrate-legacy"]);
        Show("migrate-legacy (rerun after the kill)", rerun);
        Assert.Equal(0, rerun.ExitCode);
        Assert.Equal(legacy - 1, Summary(rerun.StandardOutput, "creator_profiles.credentials").Migrated);
        var after = await _data.ColumnAsync(ProfilesCollection, "credentials");
        Assert.Equal(0, CountLegacy(after));
        Assert.All(before.Keys, id => Assert.True(opened[id] is null || opened[id]!.SameContent(Opened.Try(Cipher(directus.EncryptionKey), after[id])), $"{id} lost or changed"));
    }

    [Fact]
    public async Task A_rotation_killed_half_way_loses_nothing_and_a_rerun_finishes_it()
    {
        Assert.Equal(0, (await _data.RunAsync(["migrate-legacy"])).ExitCode);
        var before = await _data.AllEncryptedAsync();
        var stored = before.Where(p => p.Value is not null).Select(p => p.Key).ToList();
        var opened = before.ToDictionary(p => p.Key, p => Opened.Try(StackCipher, p.Value));
        var half = stored.Count / 2;
        var newKey = NewKey();

        try
        {
            var killed = await _data.RunAsync(["rotate"], key: newKey, previousKeys: directus.EncryptionKey, killAfterWrites: half);
            Show($"rotate killed after {half} writes", killed);
            Assert.Equal(137, killed.ExitCode);

            var middle = await _data.AllEncryptedAsync();
            Assert.Equal(half, stored.Count(k => Opened.Try(Cipher(newKey), middle[k]) is not null));
            var both = Cipher(newKey, directus.EncryptionKey);
            Assert.All(stored, k => Assert.True(opened[k]!.SameContent(Opened.Try(both, middle[k])), $"{k} lost or changed"));

            var rerun = await _data.RunAsync(["rotate"], key: newKey, previousKeys: directus.EncryptionKey);
            Show("rotate (rerun after the kill)", rerun);
            Assert.Equal(0, rerun.ExitCode);
            Assert.Equal((stored.Count - half, half), (Summary(rerun.StandardOutput, "total").Migrated, Summary(rerun.StandardOutput, "total").AlreadyCurrent));
            var after = await _data.AllEncryptedAsync();
            Assert.All(stored, k => Assert.True(opened[k]!.SameContent(Opened.Try(Cipher(newKey), after[k])), $"{k}: the new key alone does not open it"));
        }
        finally
        {
            Assert.Equal(0, (await _data.RunAsync(["rotate"], key: directus.EncryptionKey, previousKeys: newKey)).ExitCode);
        }
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
