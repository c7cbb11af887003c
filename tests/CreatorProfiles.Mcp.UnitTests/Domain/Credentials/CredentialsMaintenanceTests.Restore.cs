using System.Security.Cryptography;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Credentials.Maintenance;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Credentials;

/// <summary>The restore step never replaces a value another writer stored meanwhile.</summary>
public sealed partial class CredentialsMaintenanceTests
{
    private SortedDictionary<string, System.Text.Json.JsonElement?> Profiles => _store[DirectusSchema.Profiles.Collection];

    [Fact]
    public async Task A_newer_readable_value_read_back_after_the_write_is_left_as_it_is()
    {
        Profiles[Id(1)] = Envelope(OldKey, "CANARY-a");
        var newer = Envelope(NewKey, "CANARY-newer"); // someone set new credentials right after the run's write
        _patchOverride = newer;

        var report = await RunAsync(MaintenanceMode.Rotate, Cipher(NewKey, OldKey));

        Assert.Equal([Id(1)], _patches); // the run's write only: nothing written back over the newer value
        Assert.Equal(newer.GetRawText(), Profiles[Id(1)]!.Value.GetRawText());
        var changed = Assert.Single(report.ChangedMeanwhile);
        Assert.Equal((Id(1), RowOutcome.ChangedMeanwhile), (changed.Id, changed.Outcome));
        Assert.Empty(report.Failures);
        Assert.False(report.Succeeded); // a rerun checks it
        Assert.Equal((1, 1), (report.Targets[0].Skipped, report.Targets[0].ChangedMeanwhile));
    }

    [Fact]
    public async Task A_damaged_write_is_not_restored_over_a_value_that_changed_after_the_read_back()
    {
        Profiles[Id(1)] = Envelope(OldKey, "CANARY-a");
        _patchOverride = Envelope(RandomNumberGenerator.GetBytes(32), "CANARY-damaged"); // opens with no configured key
        var newer = Envelope(NewKey, "CANARY-newer");
        // GET 1: the read before the write; GET 2: the read-back (damaged); then another writer stores a newer value.
        _afterGet = n =>
        {
            if (n == 2)
            {
                Profiles[Id(1)] = newer;
            }
        };

        var report = await RunAsync(MaintenanceMode.Rotate, Cipher(NewKey, OldKey));

        Assert.Equal(3, _gets); // read, read back, read again before restoring
        Assert.Equal([Id(1)], _patches);
        Assert.Equal(newer.GetRawText(), Profiles[Id(1)]!.Value.GetRawText());
        Assert.Equal(Id(1), Assert.Single(report.ChangedMeanwhile).Id);
        Assert.DoesNotContain("CANARY", string.Join('\n', report.ChangedMeanwhile.Select(c => c.Detail)));
    }
}
