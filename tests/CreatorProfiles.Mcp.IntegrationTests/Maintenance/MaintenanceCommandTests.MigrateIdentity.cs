using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using static CreatorProfiles.Mcp.IntegrationTests.Maintenance.MaintenanceTestData;

namespace CreatorProfiles.Mcp.IntegrationTests.Maintenance;

/// <summary>`profiles migrate-identity`: every identity_key in the owner-scoped form, a dry run that writes nothing,
/// a rerun with nothing to do, a run killed after a write that a rerun finishes, and a clash reported by id.</summary>
public sealed partial class MaintenanceCommandTests
{
    private const string IdentityColumn = "creator_profiles.identity_key";

    [Fact]
    public async Task Migrate_identity_dry_run_changes_nothing_the_run_rewrites_every_key_and_a_rerun_has_nothing_to_do()
    {
        var rows = await _data.SetPreviousIdentityKeysAsync();
        var before = await _data.SnapshotAsync();

        var dry = await _data.RunProfilesAsync(["migrate-identity", "--dry-run"]);
        Show("profiles migrate-identity --dry-run", dry);
        Assert.Equal(0, dry.ExitCode);
        Assert.Equal((rows, rows, 0, 0), Tuple(Summary(dry.StandardOutput, IdentityColumn)));
        Assert.Contains("would migrate", dry.StandardOutput);
        Assert.Contains("nothing was written", dry.StandardOutput);
        Assert.Equal(before, await _data.SnapshotAsync());

        var run = await _data.RunProfilesAsync(["migrate-identity"]);
        Show("profiles migrate-identity", run);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal((rows, rows, 0, 0), Tuple(Summary(run.StandardOutput, IdentityColumn)));
        Assert.All(await _data.IdentityKeysAsync(), p => Assert.Equal(p.Value.Expected, p.Value.Stored));
        Assert.Contains($"{IdentityColumn}: {rows}/{rows} rows", run.StandardError); // progress on stderr

        var snapshot = await _data.SnapshotAsync();
        var rerun = await _data.RunProfilesAsync(["migrate-identity"]);
        Show("profiles migrate-identity (rerun)", rerun);
        Assert.Equal(0, rerun.ExitCode);
        Assert.Contains("nothing to do", rerun.StandardOutput);
        Assert.Equal((rows, 0, rows, 0), Tuple(Summary(rerun.StandardOutput, IdentityColumn)));
        Assert.Equal(snapshot, await _data.SnapshotAsync());
        AssertNoValueIn(dry);
        AssertNoValueIn(run);
    }

    [Trait("Category", "Fast")]
    [Fact]
    public async Task A_migrate_identity_run_killed_after_its_third_write_keeps_that_row_and_a_rerun_finishes_the_rest()
    {
        var rows = await _data.SetPreviousIdentityKeysAsync();

        var killed = await _data.RunProfilesAsync(["migrate-identity"], killAfterWrites: 3);
        Show("profiles migrate-identity killed after 3 writes", killed);

        Assert.Equal(137, killed.ExitCode); // SIGKILL
        Assert.DoesNotContain("rewritten", killed.StandardOutput); // no summary: it died mid-way
        var middle = await _data.IdentityKeysAsync();
        Assert.Equal(3, middle.Values.Count(k => k.Stored == k.Expected));
        Assert.All(middle.Values.Where(k => k.Stored != k.Expected), k => Assert.Equal(k.Expected, $"{k.Expected.Split(':')[0]}:{k.Stored}"));

        var rerun = await _data.RunProfilesAsync(["migrate-identity"]);
        Show("profiles migrate-identity (rerun after the kill)", rerun);
        Assert.Equal(0, rerun.ExitCode);
        Assert.Equal((rows, rows - 3, 3, 0), Tuple(Summary(rerun.StandardOutput, IdentityColumn)));
        Assert.All(await _data.IdentityKeysAsync(), p => Assert.Equal(p.Value.Expected, p.Value.Stored));
    }

    [Fact]
    public async Task A_row_whose_new_key_another_row_of_the_same_owner_holds_is_reported_by_id_and_left_as_it_was()
    {
        Assert.Equal(0, (await _data.RunProfilesAsync(["migrate-identity"])).ExitCode); // whatever other tests left: done first
        var old = await _data.CreateProfileAsync(null, prefix: "clash");
        var username = (string)(await directus.Rest.ItemsAsync(ProfilesCollection, DirectusRest.Filter(new { id = new { _eq = old } }), "username")).Single()!["username"]!;
        await _data.SetAsync(ProfilesCollection, old, "identity_key", $"onlyfans:{username}"); // written before the upgrade
        var again = await _data.CreateProfileAsync(null, prefix: "clash");
        await _data.SetAsync(ProfilesCollection, again, "username", username.ToUpperInvariant()); // same handle, new key
        await _data.SetAsync(ProfilesCollection, again, "identity_key", $"{directus.Stack["ADMIN_USER_ID"]}:onlyfans:{username}".ToLowerInvariant());
        try
        {
            var snapshot = await _data.SnapshotAsync();
            var run = await _data.RunProfilesAsync(["migrate-identity"]);
            Show("profiles migrate-identity with a clash", run);

            Assert.Equal(1, run.ExitCode);
            Assert.Equal(1, Summary(run.StandardOutput, IdentityColumn).Failed);
            Assert.Contains($"{old}: profile {again} already holds the new key", run.StandardOutput);
            Assert.Equal(snapshot, await _data.SnapshotAsync());
        }
        finally
        {
            await _data.DeleteAsync(ProfilesCollection, old);
            await _data.DeleteAsync(ProfilesCollection, again); // the other tests expect runs that succeed
        }
    }

    private static (int Rows, int Migrated, int AlreadyCurrent, int Failed) Tuple((int Rows, int Migrated, int AlreadyCurrent, int Failed, int Skipped) s) =>
        (s.Rows, s.Migrated, s.AlreadyCurrent, s.Failed);
}
