using System.Diagnostics;
using CreatorProfiles.Mcp.Domain.Credentials;
using static CreatorProfiles.Mcp.IntegrationTests.Maintenance.MaintenanceTestData;

namespace CreatorProfiles.Mcp.IntegrationTests.Maintenance;

/// <summary>`credentials rotate`: every envelope ends up opened by the new key alone, and a rotation killed half way loses nothing.</summary>
public sealed partial class MaintenanceCommandTests
{
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
}
