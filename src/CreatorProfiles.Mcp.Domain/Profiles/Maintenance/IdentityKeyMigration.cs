using System.Diagnostics;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Credentials.Maintenance;
using ProfileFields = CreatorProfiles.Mcp.Directus.DirectusSchema.Profiles;

namespace CreatorProfiles.Mcp.Domain.Profiles.Maintenance;

/// <summary>
/// <c>profiles migrate-identity</c>: gives every <c>creator_profiles</c> row the identity key
/// <see cref="ProfileIdentity.Key"/> computes from its owner, platform and username (older rows hold
/// <c>platform:username</c>; a row whose owner changed holds its former owner's key).
/// </summary>
/// <remarks>
/// Rows are independent: each one whose key differs is read again (the page may be stale), PATCHed (that row, that
/// field only; atomic) and checked in the answer. A process killed at any point leaves every row with either its old
/// key or its new one, both UNIQUE, so nothing is lost and a rerun finishes the job; rows that already hold their
/// key are not written, so a rerun of a finished job writes nothing. A row whose new key another row already holds
/// (the same owner registered the handle again after an upgrade) is reported by id and left as it is. Paging is by
/// offset over the collection sorted by id, as in <see cref="CredentialsMaintenance"/>. Nothing here reads or
/// returns credentials.
/// </remarks>
public sealed class IdentityKeyMigration(IDirectusApi directus, int pageSize = CredentialsMaintenance.DefaultPageSize)
{
    public static readonly MaintenanceTarget Target = new(ProfileFields.Collection, ProfileFields.IdentityKey);

    private const string DeletedMeanwhile = "row deleted during the run";
    private const string Incomplete = "no platform or username";

    private readonly int _pageSize = pageSize is > 0 and <= 1000 ? pageSize : throw new ArgumentOutOfRangeException(nameof(pageSize));

    public async Task<IdentityMigrationReport> RunAsync(bool dryRun, IMaintenanceProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var watch = Stopwatch.StartNew();
        var tally = new TargetTally(Target);
        var failures = new List<RowResult>();
        string? stoppedEarly = null;
        try
        {
            var done = 0;
            for (var offset = 0; ; offset += _pageSize)
            {
                var page = await directus.ListItemsAsync<ProfileRecord>(ProfileFields.Collection, fields: DirectusSchema.Selections.ProfileIdentity,
                    sort: ProfileFields.Id, limit: _pageSize, offset: offset, meta: offset == 0 ? "filter_count" : null, cancellationToken: cancellationToken);
                if (offset == 0)
                {
                    progress.TargetStarted(Target, page.Meta?.FilterCount);
                }

                foreach (var row in page.Data)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var result = await ProcessRowAsync(row, dryRun, cancellationToken);
                    tally.Add(result);
                    if (result.Outcome == RowOutcome.Failed)
                    {
                        failures.Add(result);
                    }

                    progress.RowDone(++done);
                }

                if (page.Data.Count < _pageSize)
                {
                    break;
                }
            }
        }
        catch (DataAccessException e)
        {
            stoppedEarly = $"reading {Target} failed: {e.Message}";
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stoppedEarly = "interrupted";
        }

        progress.TargetFinished(Target, tally.Rows);
        return new IdentityMigrationReport(dryRun, tally, failures, stoppedEarly, watch.Elapsed);
    }

    private async Task<RowResult> ProcessRowAsync(ProfileRecord row, bool dryRun, CancellationToken cancellationToken)
    {
        RowResult Result(RowOutcome outcome, string? detail = null) => new(Target, row.Id, outcome, detail);

        if (Assess(row) is { } settled)
        {
            return Result(settled.Outcome, settled.Detail);
        }

        if (dryRun)
        {
            return Result(RowOutcome.Migrated);
        }

        ProfileRecord stored;
        try
        {
            stored = (await directus.GetItemAsync<ProfileRecord>(ProfileFields.Collection, row.Id, DirectusSchema.Selections.ProfileIdentity, cancellationToken: cancellationToken)).Data;
        }
        catch (DataAccessException e) when (e.Failure == DataAccessFailure.NotFound)
        {
            return Result(RowOutcome.Skipped, DeletedMeanwhile);
        }
        catch (DataAccessException e)
        {
            return Result(RowOutcome.Failed, $"could not be read: {e.Message}");
        }

        if (Assess(stored) is { } changed)
        {
            return Result(changed.Outcome, changed.Detail);
        }

        var key = ProfileIdentity.Key(stored.UserId, stored.Platform, stored.Username);
        try
        {
            var written = (await directus.UpdateItemAsync<ProfileRecord>(ProfileFields.Collection, row.Id,
                new JsonObject { [ProfileFields.IdentityKey] = key }, DirectusSchema.Selections.ProfileIdentity, cancellationToken)).Data;
            return written.IdentityKey == key
                ? Result(RowOutcome.Migrated)
                : Result(RowOutcome.Failed, "the key read back is not the one written (changed meanwhile?); rerun to check it");
        }
        catch (DataAccessException e) when (e.Failure == DataAccessFailure.Duplicate)
        {
            return Result(RowOutcome.Failed, await DuplicateAsync(key, cancellationToken));
        }
        catch (DataAccessException e)
        {
            return Result(RowOutcome.Failed, $"write refused: {e.Message}");
        }
    }

    /// <summary>Null when the row needs a new key; otherwise its outcome.</summary>
    private static (RowOutcome Outcome, string? Detail)? Assess(ProfileRecord row) =>
        string.IsNullOrEmpty(row.Platform) || string.IsNullOrEmpty(row.Username) ? (RowOutcome.Skipped, Incomplete)
        : row.IdentityKey == ProfileIdentity.Key(row.UserId, row.Platform, row.Username) ? (RowOutcome.AlreadyCurrent, null)
        : null;

    private async Task<string> DuplicateAsync(string key, CancellationToken cancellationToken)
    {
        const string Fix = "left as it was; the owner has this platform account twice: delete one of the two profiles, then rerun";
        try
        {
            var holder = await directus.ListItemsAsync<ProfileRecord>(ProfileFields.Collection,
                filter: new DirectusFilter().Eq(ProfileFields.IdentityKey, key).ToQueryValue(), fields: ProfileFields.Id, limit: 1, cancellationToken: cancellationToken);
            return holder.Data is [var other, ..] ? $"profile {other.Id} already holds the new key; {Fix}" : $"another profile already holds the new key; {Fix}";
        }
        catch (DataAccessException)
        {
            return $"another profile already holds the new key; {Fix}";
        }
    }
}

/// <summary>The outcome of a <see cref="IdentityKeyMigration"/> run: the counts, the failed rows (ids and reasons),
/// and why it stopped early if it did (the rows done so far are done: a rerun finishes the job).</summary>
public sealed record IdentityMigrationReport(bool DryRun, TargetTally Tally, IReadOnlyList<RowResult> Failures, string? StoppedEarly, TimeSpan Elapsed)
{
    public bool Succeeded => Tally.Failed == 0 && StoppedEarly is null;
}
