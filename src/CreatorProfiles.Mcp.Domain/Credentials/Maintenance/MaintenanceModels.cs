using CreatorProfiles.Mcp.Directus;

namespace CreatorProfiles.Mcp.Domain.Credentials.Maintenance;

/// <summary>What a maintenance run rewrites.</summary>
public enum MaintenanceMode
{
    /// <summary>Legacy values of <c>creator_profiles.credentials</c> and <c>platform_sessions.cookies</c> (a bare
    /// <c>"v1:..."</c> string, or plaintext) become v1 envelopes under the current key, so that nothing is left for
    /// CREDENTIALS_ACCEPT_LEGACY=false to refuse. Envelopes are left alone (that is <see cref="Rotate"/>'s job).</summary>
    MigrateLegacy,

    /// <summary>Every v1 envelope (<c>creator_profiles.credentials</c> and <c>platform_sessions.cookies</c>) opened by a
    /// previous key is re-encrypted with the current key. Envelopes already under the current key are left as they
    /// are (a rerun writes nothing); legacy values are skipped (migrate them first).</summary>
    Rotate,
}

/// <summary>An encrypted json column: the collection and the field.</summary>
public sealed record MaintenanceTarget(string Collection, string Field)
{
    public static readonly MaintenanceTarget ProfileCredentials = new(DirectusSchema.Profiles.Collection, DirectusSchema.Profiles.Credentials);
    public static readonly MaintenanceTarget SessionCookies = new(DirectusSchema.PlatformSessions.Collection, DirectusSchema.PlatformSessions.Cookies);

    /// <summary>The encrypted columns, in the order every run walks them.</summary>
    public static readonly IReadOnlyList<MaintenanceTarget> All = [ProfileCredentials, SessionCookies];

    public override string ToString() => $"{Collection}.{Field}";
}

/// <summary>What happened to one row. Every row of a walked collection ends in exactly one of these.</summary>
public enum RowOutcome
{
    /// <summary>Rewritten under the current key and read back (in a dry run: would be).</summary>
    Migrated,

    /// <summary>Already in the form the mode produces: nothing to do.</summary>
    AlreadyCurrent,

    /// <summary>Could not be read (tampered, unknown key, not an object of strings) or could not be written: left as it
    /// was (or restored), and the run's exit code is non-zero.</summary>
    Failed,

    /// <summary>Not this mode's business: nothing stored, a legacy value during rotation, a row deleted meanwhile.</summary>
    Skipped,

    /// <summary>Another writer stored a newer value while the row was being rewritten: that value was left as it is
    /// (counted among the skipped rows, listed by id, and the run asks for a rerun to check it).</summary>
    ChangedMeanwhile,
}

/// <summary>One row's outcome. <see cref="Detail"/> never holds a value: formats, field names, key fingerprints,
/// Directus status codes at most.</summary>
public sealed record RowResult(MaintenanceTarget Target, string Id, RowOutcome Outcome, string? Detail = null);

/// <summary>Counts for one column.</summary>
public sealed class TargetTally(MaintenanceTarget target)
{
    public MaintenanceTarget Target { get; } = target;
    public int Rows { get; private set; }
    public int Migrated { get; private set; }
    public int AlreadyCurrent { get; private set; }
    public int Failed { get; private set; }
    public int Skipped { get; private set; }
    public int ChangedMeanwhile { get; private set; }

    /// <summary>Skipped rows by reason ("no credentials", "legacy value", ...), for the notes under the table.</summary>
    public SortedDictionary<string, int> SkippedReasons { get; } = new(StringComparer.Ordinal);

    internal void Add(RowResult row)
    {
        Rows++;
        switch (row.Outcome)
        {
            case RowOutcome.Migrated: Migrated++; break;
            case RowOutcome.AlreadyCurrent: AlreadyCurrent++; break;
            case RowOutcome.Failed: Failed++; break;
            default:
                ChangedMeanwhile += row.Outcome == RowOutcome.ChangedMeanwhile ? 1 : 0;
                Skipped++;
                var reason = row.Detail ?? "skipped";
                SkippedReasons[reason] = SkippedReasons.GetValueOrDefault(reason) + 1;
                break;
        }
    }
}

/// <summary>The outcome of a run: counts per column, the failed rows and those another writer changed meanwhile (ids
/// and reasons), and why it stopped early if it did (Directus unreachable while listing, say: the rows done so far are
/// done, a rerun finishes the job).</summary>
public sealed record MaintenanceReport(
    MaintenanceMode Mode,
    bool DryRun,
    string KeyFingerprint,
    IReadOnlyList<TargetTally> Targets,
    IReadOnlyList<RowResult> Failures,
    IReadOnlyList<RowResult> ChangedMeanwhile,
    string? StoppedEarly,
    TimeSpan Elapsed)
{
    public int Migrated => Targets.Sum(t => t.Migrated);
    public int Failed => Targets.Sum(t => t.Failed);

    /// <summary>Nothing failed, nothing was changed by someone else meanwhile (a rerun checks those), no early stop.</summary>
    public bool Succeeded => Failed == 0 && ChangedMeanwhile.Count == 0 && StoppedEarly is null;
}

/// <summary>Hears about a walk over a column as it goes: for a progress bar (every maintenance command and the inventory).</summary>
public interface IMaintenanceProgress
{
    /// <summary>A column's walk starts; <paramref name="total"/> is Directus's row count (null if it gave none).</summary>
    void TargetStarted(MaintenanceTarget target, int? total);

    /// <summary>A row is finished (any outcome).</summary>
    void RowDone(int doneInTarget);

    /// <summary>A column's walk ended after <paramref name="rows"/> rows.</summary>
    void TargetFinished(MaintenanceTarget target, int rows);
}
