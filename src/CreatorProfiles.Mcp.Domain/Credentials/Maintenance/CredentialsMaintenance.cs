using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;

namespace CreatorProfiles.Mcp.Domain.Credentials.Maintenance;

/// <summary>
/// The <c>credentials migrate-legacy</c> and <c>credentials rotate</c> maintenance runs (docs/credentials.md; the v1
/// format and its legacy forms are read by <see cref="CredentialsCipher"/>): walks a column page by page and rewrites,
/// row by row, what is not in the current form.
/// </summary>
/// <remarks>
/// Each row that needs work is handled on its own: read again (the page may be stale), decrypted in memory,
/// encrypted with the current key, PATCHed (that row, that field only), read back and checked to open with the
/// current key to the same fields and values. A process killed at any point leaves every row either as it was or
/// rewritten and readable (a PATCH of one row is atomic), so nothing is lost and a rerun finishes the job; rows
/// already in the current form are not written again, so a rerun of a finished job writes nothing. A row whose
/// read-back does not verify gets its original value written back. Rows that cannot be read are reported and left
/// untouched. Nothing here logs or returns a value: only ids, formats, field counts and key fingerprints.
/// Paging is by offset over the whole collection sorted by id (Directus 12 refuses <c>_gt</c> on uuids, which keyset
/// paging would need): the walk never changes which rows exist, so offsets stay valid; a row created during the run
/// may be missed (a rerun gets it) and a row deleted during it may shift one row past the walk.
/// Writers that change credentials while a run goes can race with it in the few milliseconds between a row's
/// second read and its write (Directus has no conditional update): run maintenance when writers are quiet. The restore
/// of a row whose read-back did not verify never replaces a newer value (<see cref="RestoreAsync"/>).
/// </remarks>
public sealed partial class CredentialsMaintenance(IDirectusApi directus, CredentialsCipher cipher, int pageSize = CredentialsMaintenance.DefaultPageSize)
{
    public const int DefaultPageSize = 100;

    private const string NothingStored = "nothing stored";
    private const string LegacyDuringRotation = "legacy value, not an envelope (run `credentials migrate-legacy` first)";
    private const string DeletedMeanwhile = "row deleted during the run";
    /// <summary>Both targets key their rows by the same field name.</summary>
    private const string IdField = DirectusSchema.Profiles.Id;

    private readonly int _pageSize = pageSize is > 0 and <= 1000 ? pageSize : throw new ArgumentOutOfRangeException(nameof(pageSize));

    public async Task<MaintenanceReport> RunAsync(MaintenanceMode mode, bool dryRun, IMaintenanceProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var watch = Stopwatch.StartNew();
        var run = new Run(mode, dryRun, progress);
        string? stoppedEarly = null;
        foreach (var target in MaintenanceTarget.All)
        {
            var tally = new TargetTally(target);
            run.Tallies.Add(tally);
            try
            {
                await WalkAsync(run, tally, cancellationToken);
            }
            catch (DataAccessException e)
            {
                stoppedEarly = $"reading {target} failed: {e.Message}";
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                stoppedEarly = "interrupted";
            }

            progress.TargetFinished(target, tally.Rows);
            if (stoppedEarly is not null)
            {
                break;
            }
        }

        return new MaintenanceReport(mode, dryRun, cipher.KeyFingerprint, run.Tallies, run.Failures, run.ChangedMeanwhile, stoppedEarly, watch.Elapsed);
    }

    private async Task WalkAsync(Run run, TargetTally tally, CancellationToken cancellationToken)
    {
        var target = tally.Target;
        var fields = $"{IdField},{target.Field}";
        var done = 0;
        for (var offset = 0; ; offset += _pageSize)
        {
            var page = await directus.ListItemsAsync<EncryptedFieldRow>(target.Collection, fields: fields, sort: IdField,
                limit: _pageSize, offset: offset, meta: offset == 0 ? "filter_count" : null, cancellationToken: cancellationToken);
            if (offset == 0)
            {
                run.Progress.TargetStarted(target, page.Meta?.FilterCount);
            }

            foreach (var row in page.Data)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = await ProcessRowAsync(run, target, row, cancellationToken);
                tally.Add(result);
                (result.Outcome switch
                {
                    RowOutcome.Failed => run.Failures,
                    RowOutcome.ChangedMeanwhile => run.ChangedMeanwhile,
                    _ => null,
                })?.Add(result);

                run.Progress.RowDone(++done);
            }

            if (page.Data.Count < _pageSize)
            {
                return;
            }
        }
    }

    private async Task<RowResult> ProcessRowAsync(Run run, MaintenanceTarget target, EncryptedFieldRow row, CancellationToken cancellationToken)
    {
        RowResult Result(RowOutcome outcome, string? detail = null) => new(target, row.Id, outcome, detail);

        if (Assess(run.Mode, ValueOf(row, target)) is { } settled)
        {
            return Result(settled.Outcome, settled.Detail);
        }

        // Read the row again right before writing it: the page may be seconds old.
        JsonElement? stored;
        try
        {
            stored = ValueOf((await directus.GetItemAsync<EncryptedFieldRow>(target.Collection, row.Id, $"{IdField},{target.Field}", cancellationToken: cancellationToken)).Data, target);
        }
        catch (DataAccessException e) when (e.Failure == DataAccessFailure.NotFound)
        {
            return Result(RowOutcome.Skipped, DeletedMeanwhile);
        }
        catch (DataAccessException e)
        {
            return Result(RowOutcome.Failed, $"could not be read: {Describe(e)}");
        }

        if (Assess(run.Mode, stored) is { } changed)
        {
            return Result(changed.Outcome, changed.Detail);
        }

        OpenedCredentials original;
        JsonObject envelope;
        try
        {
            original = cipher.Decrypt(stored);
            envelope = cipher.Encrypt(original.Credentials);
        }
        catch (DomainException e)
        {
            return Result(RowOutcome.Failed, e.Message); // UnreadableCredentialsException, InvalidArgumentException: never quote values
        }

        var from = original.KeyFingerprint is null ? original.Format.ToName() : $"{original.Format.ToName()} key {original.KeyFingerprint}";
        var change = $"{from} -> v1 key {cipher.KeyFingerprint}, {original.FieldNames.Count} field(s)";
        if (Check(JsonSerializer.SerializeToElement(envelope, DirectusJsonContext.Default.JsonObject), original) is { } notOpening)
        {
            return Result(RowOutcome.Failed, $"the new envelope does not open in memory ({notOpening}); nothing written");
        }

        if (run.DryRun)
        {
            return Result(RowOutcome.Migrated, change);
        }

        try
        {
            await directus.UpdateItemAsync<EncryptedFieldRow>(target.Collection, row.Id, new JsonObject { [target.Field] = envelope }, IdField, cancellationToken);
        }
        catch (DataAccessException e)
        {
            return Result(RowOutcome.Failed, $"write refused: {Describe(e)}");
        }

        JsonElement? written;
        try
        {
            written = ValueOf((await directus.GetItemAsync<EncryptedFieldRow>(target.Collection, row.Id, $"{IdField},{target.Field}", cancellationToken: cancellationToken)).Data, target);
        }
        catch (DataAccessException e)
        {
            return Result(RowOutcome.Failed, $"written, but could not be read back ({Describe(e)}); rerun to check it");
        }

        if (Check(written, original) is not { } problem)
        {
            return Result(RowOutcome.Migrated, change);
        }

        return await RestoreAsync(target, row.Id, stored, written, problem, cancellationToken);
    }

    private sealed class Run(MaintenanceMode mode, bool dryRun, IMaintenanceProgress progress)
    {
        public MaintenanceMode Mode { get; } = mode;
        public bool DryRun { get; } = dryRun;
        public IMaintenanceProgress Progress { get; } = progress;
        public List<TargetTally> Tallies { get; } = [];
        public List<RowResult> Failures { get; } = [];
        public List<RowResult> ChangedMeanwhile { get; } = [];
    }
}
