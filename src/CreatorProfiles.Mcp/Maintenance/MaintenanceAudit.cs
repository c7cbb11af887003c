using System.Diagnostics;
using CreatorProfiles.Mcp.CallPipeline;
using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.Domain.Credentials.Maintenance;

namespace CreatorProfiles.Mcp.Maintenance;

/// <summary>
/// The one audit line of a maintenance command run (transport <c>cli</c>), written to AUDIT_LOG like the server's:
/// the operating-system account that ran it (the Directus identity is always the service token's owner), the
/// command, and the rows it changed, skipped and failed as numbers. Outcome: ok, failed (some rows failed),
/// stopped (stopped early: rerun), config_error, cancelled or error.
/// </summary>
internal sealed class MaintenanceAudit(ServerSettings settings, string command)
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public string Outcome { get; private set; } = "error";

    public AuditRowCounts? Rows { get; private set; }

    /// <summary>Runs one maintenance command and writes its audit line however it ends (a throw other than a
    /// cancellation stays outcome "error").</summary>
    public static async Task<int> AuditedAsync(ServerSettings settings, string command, Func<MaintenanceAudit, Task<int>> run)
    {
        var audit = new MaintenanceAudit(settings, command);
        try
        {
            return await run(audit);
        }
        catch (OperationCanceledException)
        {
            audit.Cancelled();
            throw;
        }
        finally
        {
            audit.Write();
        }
    }

    public void ConfigurationError() => Outcome = "config_error";

    /// <summary>A read-only run (the inventory): nothing changed; stopped when it could not read every row.</summary>
    public void Read(bool complete) => Outcome = complete ? "ok" : "stopped";

    public void Cancelled() => Outcome = "cancelled";

    /// <summary>What the run did to rows, summed over every column it went through.</summary>
    public void Finished(IReadOnlyCollection<TargetTally> tallies, bool dryRun, string? stoppedEarly)
    {
        var failed = tallies.Sum(t => t.Failed);
        Rows = new AuditRowCounts(tallies.Sum(t => t.Migrated), tallies.Sum(t => t.AlreadyCurrent + t.Skipped), failed, dryRun);
        // A row another writer changed during the run fails the run (exit 1, "rerun"), so the line says failed too.
        Outcome = stoppedEarly is not null ? "stopped" : failed > 0 || tallies.Any(t => t.ChangedMeanwhile > 0) ? "failed" : "ok";
    }

    public void Write()
    {
        using var log = new AuditLog(settings.AuditLogPath, TimeProvider.System);
        log.Write(new AuditLine("os:" + Environment.UserName, "cli:" + command, Outcome) { Transport = AuditTransports.Cli, Rows = Rows }, _started);
    }
}
