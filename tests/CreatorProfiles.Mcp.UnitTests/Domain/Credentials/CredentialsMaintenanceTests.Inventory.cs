using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.Domain.Credentials.Maintenance;
using NSubstitute;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Credentials;

/// <summary>The inventory counts, per column, what each configured key opens, and writes nothing.</summary>
public sealed partial class CredentialsMaintenanceTests
{
    [Fact]
    public async Task The_inventory_counts_each_value_once_under_the_key_that_opens_it_and_writes_nothing()
    {
        var profiles = _store[DirectusSchema.Profiles.Collection];
        profiles[Id(1)] = Envelope(NewKey, "CANARY-1");
        profiles[Id(2)] = Envelope(OldKey, "CANARY-2");
        profiles[Id(3)] = Json($"\"{(string)Cipher(OldKey).Encrypt(new Dictionary<string, string> { ["p"] = "CANARY-3" })["enc"]!}\""); // bare v1
        profiles[Id(4)] = Json("\"user:CANARY-4\"");
        profiles[Id(5)] = Envelope(RandomNumberGenerator.GetBytes(32), "CANARY-5"); // no configured key
        profiles[Id(6)] = null;
        profiles[Id(7)] = Json("{\"pin\":42}"); // plaintext that is not an object of strings
        _store[DirectusSchema.PlatformSessions.Collection][Id(8)] = Envelope(OldKey, "CANARY-8");
        _store[DirectusSchema.PlatformSessions.Collection][Id(9)] = Envelope(NewKey, "CANARY-9");
        var cipher = Cipher(NewKey, OldKey);
        var (current, previous) = (cipher.KeyFingerprints[0], cipher.KeyFingerprints[1]);

        var progress = new Progress();
        var report = await new CredentialsInventory(_directus, cipher, pageSize: 3).RunAsync(progress, CancellationToken.None);

        await _directus.DidNotReceiveWithAnyArgs().UpdateItemAsync<EncryptedFieldRow>(default!, default!, default!, default, default);
        Assert.Equal([7, 2], progress.Totals);
        var (credentials, cookies) = (report.Columns[0], report.Columns[1]);
        Assert.Equal((7, 1, 1), (credentials.Rows, credentials.Envelopes[current], credentials.Envelopes[previous]));
        Assert.Equal((1, 1, 2, 1), (credentials.BareV1[previous], credentials.LegacyPlaintext, credentials.Unreadable, credentials.NothingStored));
        Assert.Equal((2, 1, 1), (cookies.Rows, cookies.Envelopes[current], cookies.Envelopes[previous]));
        Assert.Equal((2, 3), (report.OpenedBy(current), report.OpenedBy(previous))); // the bare string needs the old key too
        Assert.False(report.CanDrop(previous));
        Assert.Equal([(Id(5), "key_mismatch_or_tampered"), (Id(7), "invalid_plaintext")], report.UnreadableRows.Select(r => (r.Id, r.Detail)));
    }

    [Fact]
    public async Task A_previous_key_that_opens_nothing_can_be_dropped_but_only_after_a_complete_walk()
    {
        _store[DirectusSchema.Profiles.Collection][Id(1)] = Envelope(NewKey, "CANARY-1");
        var cipher = Cipher(NewKey, OldKey);

        var complete = await new CredentialsInventory(_directus, cipher).RunAsync(new Progress(), CancellationToken.None);
        _directus.ListItemsAsync<EncryptedFieldRow>(DirectusSchema.PlatformSessions.Collection, Arg.Any<string?>(), Arg.Any<string?>(), Arg.Any<string?>(),
                Arg.Any<int?>(), Arg.Any<int?>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromException<DirectusList<EncryptedFieldRow>>(DataAccessException.From(new DirectusException(DirectusErrorKind.Unavailable, "down", 503))));
        var partial = await new CredentialsInventory(_directus, cipher).RunAsync(new Progress(), CancellationToken.None);

        Assert.True(complete.CanDrop(cipher.KeyFingerprints[1]));
        Assert.False(complete.CanDrop(cipher.KeyFingerprints[0])); // never the current key
        Assert.False(partial.Complete);
        Assert.Contains("platform_sessions.cookies", partial.StoppedEarly);
        Assert.False(partial.CanDrop(cipher.KeyFingerprints[1]));
    }
}
