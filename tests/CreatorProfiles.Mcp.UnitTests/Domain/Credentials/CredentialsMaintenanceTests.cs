using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.Domain.Credentials.Maintenance;
using NSubstitute;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Credentials;

/// <summary>The maintenance walk against an in-memory Directus: paging, what gets written, read-back and restore.
/// The integration tests (MaintenanceCommandTests) run the same against a real Directus.</summary>
public sealed partial class CredentialsMaintenanceTests
{
    private static readonly byte[] OldKey = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] NewKey = RandomNumberGenerator.GetBytes(32);

    private readonly IDirectusApi _directus = Substitute.For<IDirectusApi>();

    /// <summary>collection -> id -> stored value (null: nothing stored).</summary>
    private readonly Dictionary<string, SortedDictionary<string, JsonElement?>> _store = new()
    {
        [DirectusSchema.Profiles.Collection] = new(StringComparer.Ordinal),
        [DirectusSchema.PlatformSessions.Collection] = new(StringComparer.Ordinal),
    };

    private readonly List<(int? Limit, int? Offset, string? Sort, string? Fields)> _pages = [];
    private readonly List<string> _patches = [];

    /// <summary>When set, the next PATCH stores this instead of what was sent (a writer racing the run, a rewriting proxy).</summary>
    private JsonElement? _patchOverride;

    /// <summary>Runs after the n-th GET of one row (1-based) has been answered: another writer acting between two reads.</summary>
    private Action<int>? _afterGet;
    private int _gets;

    public CredentialsMaintenanceTests()
    {
        _directus.ListItemsAsync<EncryptedFieldRow>(Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<string?>(), Arg.Any<string?>(),
                Arg.Any<int?>(), Arg.Any<int?>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                var collection = call.ArgAt<string>(0);
                _pages.Add((call.ArgAt<int?>(4), call.ArgAt<int?>(5), call.ArgAt<string?>(3), call.ArgAt<string?>(2)));
                var rows = _store[collection].Skip(call.ArgAt<int?>(5) ?? 0).Take(call.ArgAt<int?>(4) ?? int.MaxValue)
                    .Select(r => Row(collection, r.Key, r.Value)).ToList();
                return Task.FromResult(new DirectusList<EncryptedFieldRow>(rows, new DirectusMeta(FilterCount: _store[collection].Count)));
            });
        _directus.GetItemAsync<EncryptedFieldRow>(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                var (collection, id) = (call.ArgAt<string>(0), call.ArgAt<string>(1));
                var answer = _store[collection].TryGetValue(id, out var value)
                    ? Task.FromResult(new DirectusItem<EncryptedFieldRow>(Row(collection, id, value)))
                    : Task.FromException<DirectusItem<EncryptedFieldRow>>(DataAccessException.From(new DirectusException(DirectusErrorKind.ForbiddenOrMissing, "403", 403)));
                _afterGet?.Invoke(++_gets);
                return answer;
            });
        _directus.UpdateItemAsync<EncryptedFieldRow>(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<JsonObject>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                var (collection, id, changes) = (call.ArgAt<string>(0), call.ArgAt<string>(1), call.ArgAt<JsonObject>(2));
                var field = collection == DirectusSchema.Profiles.Collection ? "credentials" : "cookies";
                Assert.Equal([field], changes.Select(p => p.Key)); // that field only
                _patches.Add(id);
                _store[collection][id] = _patchOverride ?? Json(changes[field]!.ToJsonString());
                _patchOverride = null;
                return Task.FromResult(new DirectusItem<EncryptedFieldRow>(new EncryptedFieldRow(id)));
            });
    }

    private static EncryptedFieldRow Row(string collection, string id, JsonElement? value) =>
        collection == DirectusSchema.Profiles.Collection ? new EncryptedFieldRow(id, Credentials: value) : new EncryptedFieldRow(id, Cookies: value);

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static CredentialsCipher Cipher(byte[] current, params byte[][] previous) =>
        new(CredentialKeyring.TryParse(Convert.ToBase64String(current), string.Join(',', previous.Select(Convert.ToBase64String)), out _)!);

    private static JsonElement Envelope(byte[] key, string secret) =>
        Json(Cipher(key).Encrypt(new Dictionary<string, string> { ["login"] = "me", ["password"] = secret }).ToJsonString());

    private static string Id(int n) => $"00000000-0000-4000-8000-{n:D12}";

    private Task<MaintenanceReport> RunAsync(MaintenanceMode mode, CredentialsCipher cipher, bool dryRun = false, int pageSize = 100, Progress? progress = null) =>
        new CredentialsMaintenance(_directus, cipher, pageSize).RunAsync(mode, dryRun, progress ?? new Progress(), CancellationToken.None);

    [Fact]
    public async Task Migration_pages_through_every_row_and_rewrites_only_legacy_values()
    {
        var profiles = _store[DirectusSchema.Profiles.Collection];
        for (var i = 0; i < 7; i++)
        {
            profiles[Id(i)] = i switch
            {
                0 => null,
                1 => Envelope(OldKey, "CANARY-1"),
                2 => Json($"\"{(string)Cipher(OldKey).Encrypt(new Dictionary<string, string> { ["password"] = "CANARY-2" })["enc"]!}\""),
                3 => Json("\"user:CANARY-3\""),
                4 => Json("{\"password\":\"CANARY-4\"}"),
                5 => Json("{\"password\":42}"), // not an object of strings: cannot be migrated
                _ => Json("\"{\\\"password\\\":\\\"CANARY-6\\\"}\""), // JSON object text in a string
            };
        }

        var report = await RunAsync(MaintenanceMode.MigrateLegacy, Cipher(OldKey), pageSize: 3);

        Assert.Equal([(3, 0, "id,credentials"), (3, 3, "id,credentials"), (3, 6, "id,credentials"), (3, 0, "id,cookies")], _pages.Select(p => (p.Limit, p.Offset, p.Fields)));
        Assert.All(_pages, p => Assert.Equal("id", p.Sort));
        Assert.Equal(2, report.Targets.Count); // legacy cookies are migrated too (none here)
        var tally = report.Targets[0];
        Assert.Equal((7, 4, 1, 1, 1), (tally.Rows, tally.Migrated, tally.AlreadyCurrent, tally.Failed, tally.Skipped));
        Assert.Equal([Id(2), Id(3), Id(4), Id(6)], _patches);
        Assert.Equal(Id(5), Assert.Single(report.Failures).Id);
        Assert.Equal("{\"password\":42}", profiles[Id(5)]!.Value.GetRawText()); // left as it was
        var cipher = Cipher(OldKey);
        Assert.Equal(["password"], cipher.Decrypt(profiles[Id(2)]).FieldNames);
        Assert.Equal("user:CANARY-3", cipher.Decrypt(profiles[Id(3)]).Credentials[CredentialsCipher.LegacyStringField]);
        Assert.Equal("CANARY-6", cipher.Decrypt(profiles[Id(6)]).Credentials["password"]);
        Assert.All([Id(2), Id(3), Id(4), Id(6)], id => Assert.Equal(CredentialsFormat.V1, CredentialsFormatClassifier.Classify(profiles[id])));
        Assert.DoesNotContain("CANARY", string.Join('\n', report.Failures.Select(f => f.Detail)));

        _patches.Clear();
        var rerun = await RunAsync(MaintenanceMode.MigrateLegacy, Cipher(OldKey));
        Assert.Empty(_patches);
        Assert.Equal((0, 5), (rerun.Migrated, rerun.Targets[0].AlreadyCurrent));
    }

    [Fact]
    public async Task Rotation_rewrites_envelopes_of_previous_keys_in_both_columns_and_skips_the_rest()
    {
        _store[DirectusSchema.Profiles.Collection][Id(1)] = Envelope(OldKey, "CANARY-a");
        _store[DirectusSchema.Profiles.Collection][Id(2)] = Envelope(NewKey, "CANARY-b");
        _store[DirectusSchema.Profiles.Collection][Id(3)] = Json("\"user:CANARY-c\"");
        _store[DirectusSchema.Profiles.Collection][Id(4)] = Envelope(RandomNumberGenerator.GetBytes(32), "CANARY-d"); // unknown key
        _store[DirectusSchema.PlatformSessions.Collection][Id(5)] = Envelope(OldKey, "CANARY-e");
        var before = _store[DirectusSchema.Profiles.Collection][Id(4)]!.Value.GetRawText();

        var report = await RunAsync(MaintenanceMode.Rotate, Cipher(NewKey, OldKey));

        Assert.Equal([Id(1), Id(5)], _patches);
        Assert.Equal((1, 1, 1, 1), (report.Targets[0].Migrated, report.Targets[0].AlreadyCurrent, report.Targets[0].Failed, report.Targets[0].Skipped));
        Assert.Equal(1, report.Targets[1].Migrated);
        Assert.False(report.Succeeded);
        Assert.Equal(before, _store[DirectusSchema.Profiles.Collection][Id(4)]!.Value.GetRawText());
        var newOnly = Cipher(NewKey);
        Assert.Equal("CANARY-a", newOnly.Decrypt(_store[DirectusSchema.Profiles.Collection][Id(1)]).Credentials["password"]);
        Assert.Equal("CANARY-e", newOnly.Decrypt(_store[DirectusSchema.PlatformSessions.Collection][Id(5)]).Credentials["password"]);
        Assert.Equal(CredentialsCheckOutcome.KeyMismatchOrTampered, Cipher(OldKey).Verify(_store[DirectusSchema.PlatformSessions.Collection][Id(5)]).Status);
    }

    [Fact]
    public async Task A_dry_run_writes_nothing_but_counts_what_it_would_do()
    {
        _store[DirectusSchema.Profiles.Collection][Id(1)] = Envelope(OldKey, "CANARY-a");
        _store[DirectusSchema.PlatformSessions.Collection][Id(2)] = Envelope(OldKey, "CANARY-b");

        var report = await RunAsync(MaintenanceMode.Rotate, Cipher(NewKey, OldKey), dryRun: true);

        Assert.Empty(_patches);
        Assert.Equal(2, report.Migrated);
        Assert.True(report.Succeeded);
    }

    [Fact]
    public async Task A_value_that_does_not_verify_after_the_write_is_replaced_by_the_original()
    {
        var original = Envelope(OldKey, "CANARY-a");
        _store[DirectusSchema.Profiles.Collection][Id(1)] = original;
        _patchOverride = Envelope(RandomNumberGenerator.GetBytes(32), "CANARY-other");

        var report = await RunAsync(MaintenanceMode.Rotate, Cipher(NewKey, OldKey));

        var failure = Assert.Single(report.Failures);
        Assert.Contains("original value was written back", failure.Detail);
        Assert.Equal([Id(1), Id(1)], _patches); // the write, then the original written back
        Assert.Equal(original.GetRawText(), _store[DirectusSchema.Profiles.Collection][Id(1)]!.Value.GetRawText());
    }

    [Fact]
    public async Task Progress_hears_every_row()
    {
        for (var i = 0; i < 5; i++)
        {
            _store[DirectusSchema.Profiles.Collection][Id(i)] = Json($"\"legacy-{i}\"");
        }

        var progress = new Progress();
        await RunAsync(MaintenanceMode.MigrateLegacy, Cipher(OldKey), pageSize: 2, progress: progress);

        Assert.Equal([5, 0], progress.Totals); // both columns, the cookies empty here
        Assert.Equal([1, 2, 3, 4, 5], progress.Done);
    }

    private sealed class Progress : IMaintenanceProgress
    {
        public List<int?> Totals { get; } = [];
        public List<int> Done { get; } = [];

        public void TargetStarted(MaintenanceTarget target, int? total) => Totals.Add(total);
        public void RowDone(int doneInTarget) => Done.Add(doneInTarget);
        public void TargetFinished(MaintenanceTarget target, int rows) { }
    }
}
