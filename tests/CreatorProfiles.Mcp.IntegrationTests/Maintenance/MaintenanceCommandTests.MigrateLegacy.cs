using System.Diagnostics;
using CreatorProfiles.Mcp.Domain.Credentials;
using static CreatorProfiles.Mcp.IntegrationTests.Maintenance.MaintenanceTestData;

namespace CreatorProfiles.Mcp.IntegrationTests.Maintenance;

/// <summary>`credentials migrate-legacy`: every legacy value becomes a v1 envelope with the same fields, and a run killed after its first write loses nothing.</summary>
public sealed partial class MaintenanceCommandTests
{
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
}
