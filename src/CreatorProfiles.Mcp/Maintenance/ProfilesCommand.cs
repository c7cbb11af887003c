using System.CommandLine;
using System.Globalization;
using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Profiles.Maintenance;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreatorProfiles.Mcp.Maintenance;

/// <summary>
/// `profiles migrate-identity [--dry-run]` (docs/data-model.md): progress on stderr, the summary on stdout, ids and
/// counts only. Exit codes as for `credentials`: 0 done (or nothing to do), 1 some row failed or the run stopped
/// early (rerun to finish), 2 configuration error.
/// </summary>
internal static class ProfilesCommand
{
    private const string Name = "profiles migrate-identity";

    public static Command Create(IConfiguration configuration)
    {
        var profiles = new Command("profiles", "Maintenance of creator_profiles rows (DIRECTUS_TOKEN must be able to read and update every row).");
        var dryRun = new Option<bool>("--dry-run") { Description = "Report which rows would get a new identity_key; write nothing." };
        var migrate = new Command("migrate-identity",
            "Rewrites creator_profiles.identity_key in the owner-scoped form lower(user_id:platform:username). Rows already in that form are skipped: safe to interrupt and rerun.")
        {
            dryRun,
        };
        migrate.SetAction((parse, cancellationToken) => RunAsync(
            ServerSettings.Load(configuration), parse.GetValue(dryRun), Console.Out, Console.Error, errorIsTerminal: !Console.IsErrorRedirected, cancellationToken));
        profiles.Subcommands.Add(migrate);
        return profiles;
    }

    public static async Task<int> RunAsync(ServerSettings settings, bool dryRun, TextWriter output, TextWriter error, bool errorIsTerminal, CancellationToken cancellationToken)
    {
        return await MaintenanceAudit.AuditedAsync(settings, Name, audit => RunAsync(settings, dryRun, output, error, errorIsTerminal, audit, cancellationToken));
    }

    private static async Task<int> RunAsync(ServerSettings settings, bool dryRun, TextWriter output, TextWriter error, bool errorIsTerminal, MaintenanceAudit audit, CancellationToken cancellationToken)
    {
        if (settings.Errors.Count > 0)
        {
            foreach (var problem in settings.Errors)
            {
                await error.WriteLineAsync($"creator-profiles-mcp {Name}: configuration error: {problem}");
            }

            await error.WriteLineAsync($"creator-profiles-mcp {Name}: nothing done. Fix the variables above (`creator-profiles-mcp doctor` checks them).");
            audit.ConfigurationError();
            return 2;
        }

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.None)); // HttpClient would log request URIs
        services.AddSingleton(Options.Create(settings.Directus));
        services.AddDirectusData();
        await using var provider = services.BuildServiceProvider();
        var migration = new IdentityKeyMigration(provider.GetRequiredService<IDirectusApi>());

        await output.WriteLineAsync($"{Name}{(dryRun ? " --dry-run (nothing will be written)" : "")}: identity_key = lower(user_id:platform:username)");
        var report = await migration.RunAsync(dryRun, new ConsoleProgress(error, errorIsTerminal), cancellationToken);
        audit.Finished([report.Tally], report.DryRun, report.StoppedEarly);
        PrintReport(report, output);
        return report.Succeeded ? 0 : 1;
    }

    private static void PrintReport(IdentityMigrationReport report, TextWriter output)
    {
        var t = report.Tally;
        string[] header = ["column", "rows", report.DryRun ? "would migrate" : "migrated", "already current", "failed", "skipped"];
        string[] row = [t.Target.ToString(), Count(t.Rows), Count(t.Migrated), Count(t.AlreadyCurrent), Count(t.Failed), Count(t.Skipped)];
        var widths = header.Select((h, i) => Math.Max(h.Length, row[i].Length)).ToArray();
        output.WriteLine();
        foreach (var line in new[] { header, row })
        {
            output.WriteLine(string.Join("  ", line.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
        }

        output.WriteLine();
        if (t.SkippedReasons.Count > 0)
        {
            output.WriteLine($"skipped: {string.Join("; ", t.SkippedReasons.Select(r => $"{r.Value} {r.Key}"))}");
        }

        if (report.Failures.Count > 0)
        {
            output.WriteLine("failed rows (left as they were):");
            foreach (var failure in report.Failures)
            {
                output.WriteLine($"  {failure.Id}: {failure.Detail}");
            }
        }

        var name = Name + (report.DryRun ? " --dry-run" : "");
        var seconds = report.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        var done = (report.DryRun, t.Migrated) switch
        {
            (true, 0) => "no key would change",
            (true, var m) => $"{m} key(s) would be rewritten; nothing was written",
            (false, 0) => "no key rewritten",
            (false, var m) => $"{m} key(s) rewritten, each checked in Directus's answer",
        };
        if (report.StoppedEarly is not null)
        {
            output.WriteLine($"{name}: stopped early ({report.StoppedEarly}) after {seconds} s; {done}. The rows done so far are done: rerun to finish.");
        }
        else if (t.Failed > 0)
        {
            output.WriteLine($"{name}: {done}; {t.Failed} row(s) failed and were left as they were (listed above) ({seconds} s).");
        }
        else if (t.Migrated == 0)
        {
            output.WriteLine($"{name}: nothing to do, every key is already in the owner-scoped form ({seconds} s).");
        }
        else
        {
            output.WriteLine($"{name}: {done} ({seconds} s).{(report.DryRun ? " Run without --dry-run to write them." : "")}");
        }
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
