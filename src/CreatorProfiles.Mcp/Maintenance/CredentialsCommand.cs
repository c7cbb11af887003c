using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.Domain.Credentials.Maintenance;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreatorProfiles.Mcp.Maintenance;

/// <summary>
/// `credentials migrate-legacy` and `credentials rotate` (docs/credentials.md): progress on stderr, the
/// summary table on stdout, never a value. Exit codes: 0 done (or nothing to do), 1 some row failed or the run
/// stopped early (rerun to finish), 2 configuration error.
/// </summary>
internal static class CredentialsCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var credentials = new Command("credentials", "Maintenance of stored credentials (needs CREDENTIALS_ENC_KEY_B64; DIRECTUS_TOKEN must be able to read and update every row).");
        credentials.Subcommands.Add(Subcommand(configuration, "migrate-legacy", MaintenanceMode.MigrateLegacy,
            "Re-encrypts legacy values of creator_profiles.credentials and platform_sessions.cookies (bare \"v1:...\" strings, plaintext) in place as v1 envelopes under the current key. Safe to interrupt and rerun."));
        credentials.Subcommands.Add(Subcommand(configuration, "rotate", MaintenanceMode.Rotate,
            "Re-encrypts every v1 envelope (creator_profiles.credentials, platform_sessions.cookies) that a key in CREDENTIALS_ENC_PREVIOUS_KEYS_B64 opens with the current key. Safe to interrupt and rerun."));
        credentials.Subcommands.Add(CredentialsInventoryCommand.Create(configuration));
        return credentials;
    }

    private static Command Subcommand(IConfiguration configuration, string name, MaintenanceMode mode, string description)
    {
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Read, decrypt and re-encrypt in memory and report what would change; write nothing.",
        };
        var command = new Command(name, description) { dryRun };
        command.SetAction((parse, cancellationToken) => RunAsync(
            ServerSettings.Load(configuration), mode, parse.GetValue(dryRun), Console.Out, Console.Error,
            errorIsTerminal: !Console.IsErrorRedirected, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(
        ServerSettings settings,
        MaintenanceMode mode,
        bool dryRun,
        TextWriter output,
        TextWriter error,
        bool errorIsTerminal,
        CancellationToken cancellationToken)
    {
        var name = $"credentials {(mode == MaintenanceMode.MigrateLegacy ? "migrate-legacy" : "rotate")}";
        return await MaintenanceAudit.AuditedAsync(settings, name, audit => RunAsync(settings, mode, name, dryRun, output, error, errorIsTerminal, audit, cancellationToken));
    }

    private static async Task<int> RunAsync(
        ServerSettings settings,
        MaintenanceMode mode,
        string name,
        bool dryRun,
        TextWriter output,
        TextWriter error,
        bool errorIsTerminal,
        MaintenanceAudit audit,
        CancellationToken cancellationToken)
    {
        if (await RefuseMisconfiguredAsync(settings, name, error) is not { } keyring)
        {
            audit.ConfigurationError();
            return 2;
        }

        await using var provider = DirectusOnly(settings);
        var maintenance = new CredentialsMaintenance(provider.GetRequiredService<IDirectusApi>(), new CredentialsCipher(keyring));

        await output.WriteLineAsync($"{name}{(dryRun ? " --dry-run (nothing will be written)" : "")}: current key {keyring.CurrentFingerprint}"
            + (keyring.Previous.Count == 0 ? ", no previous keys" : $", previous {string.Join(", ", keyring.Previous.Select(k => CredentialKeyring.Fingerprint(k)))}"));
        var progress = new ConsoleProgress(error, errorIsTerminal);
        var report = await maintenance.RunAsync(mode, dryRun, progress, cancellationToken);
        audit.Finished(report.Targets, report.DryRun, report.StoppedEarly);
        PrintReport(report, name, output);
        return report.Succeeded ? 0 : 1;
    }

    /// <summary>The keyring, or null after saying on stderr what is wrong (the caller exits with 2).</summary>
    internal static async Task<CredentialKeyring?> RefuseMisconfiguredAsync(ServerSettings settings, string name, TextWriter error)
    {
        var problems = settings.Errors.ToList();
        if (settings.Keyring is null && problems.Count == 0)
        {
            problems.Add($"{CredentialKeyring.CurrentKeyVariable} is not set: {name} needs the current key (and the old ones in {CredentialKeyring.PreviousKeysVariable}).");
        }

        foreach (var problem in problems)
        {
            await error.WriteLineAsync($"creator-profiles-mcp {name}: configuration error: {problem}");
        }

        if (problems.Count == 0)
        {
            return settings.Keyring;
        }

        await error.WriteLineAsync($"creator-profiles-mcp {name}: nothing done. Fix the variables above (`creator-profiles-mcp doctor` checks them).");
        return null;
    }

    /// <summary>The Directus client alone, silent: HttpClient would log request URIs.</summary>
    internal static ServiceProvider DirectusOnly(ServerSettings settings)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.None));
        services.AddSingleton(Options.Create(settings.Directus));
        services.AddDirectusData();
        return services.BuildServiceProvider();
    }

    internal static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void PrintReport(MaintenanceReport report, string name, TextWriter output)
    {
        string[] header = ["column", "rows", report.DryRun ? "would migrate" : "migrated", "already current", "failed", "skipped"];
        var rows = report.Targets.Select(t => new[] { t.Target.ToString(), Count(t.Rows), Count(t.Migrated), Count(t.AlreadyCurrent), Count(t.Failed), Count(t.Skipped) }).ToList();
        if (report.Targets.Count > 1)
        {
            rows.Add(["total", Count(report.Targets.Sum(t => t.Rows)), Count(report.Migrated), Count(report.Targets.Sum(t => t.AlreadyCurrent)), Count(report.Failed), Count(report.Targets.Sum(t => t.Skipped))]);
        }

        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        output.WriteLine();
        foreach (var line in rows.Prepend(header))
        {
            output.WriteLine(string.Join("  ", line.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
        }

        output.WriteLine();
        foreach (var tally in report.Targets.Where(t => t.SkippedReasons.Count > 0))
        {
            output.WriteLine($"skipped in {tally.Target}: {string.Join("; ", tally.SkippedReasons.Select(r => $"{r.Value} {r.Key}"))}");
        }

        if (report.Failures.Count > 0)
        {
            output.WriteLine($"failed rows (left as they were; fix them, e.g. set the credentials again, or add the key that opens them to {CredentialKeyring.PreviousKeysVariable}):");
            foreach (var failure in report.Failures)
            {
                output.WriteLine($"  {failure.Target} {failure.Id}: {failure.Detail}");
            }
        }

        if (report.ChangedMeanwhile.Count > 0)
        {
            output.WriteLine("changed by another writer during the run (the newer value was left as it is; rerun to check these rows):");
            foreach (var changed in report.ChangedMeanwhile)
            {
                output.WriteLine($"  {changed.Target} {changed.Id}");
            }
        }

        name += report.DryRun ? " --dry-run" : "";
        var seconds = report.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        var done = (report.DryRun, report.Migrated) switch
        {
            (true, 0) => "nothing would be re-encrypted",
            (true, var m) => $"{m} value(s) would be re-encrypted; nothing was written",
            (false, 0) => "nothing re-encrypted",
            (false, var m) => $"{m} value(s) re-encrypted under key {report.KeyFingerprint}, each read back and verified",
        };
        if (report.StoppedEarly is not null)
        {
            output.WriteLine($"{name}: stopped early ({report.StoppedEarly}) after {seconds} s; {done}. The rows done so far are done: rerun to finish.");
        }
        else if (report.Failed > 0 || report.ChangedMeanwhile.Count > 0)
        {
            var problems = (report.Failed > 0 ? $"; {report.Failed} row(s) failed and were left as they were" : "")
                + (report.ChangedMeanwhile.Count > 0 ? $"; {report.ChangedMeanwhile.Count} row(s) changed by another writer were left as they are" : "");
            output.WriteLine($"{name}: {done}{problems} (listed above; rerun) ({seconds} s).");
        }
        else if (report.Migrated == 0)
        {
            output.WriteLine($"{name}: nothing to do, every value is already current ({seconds} s).");
        }
        else
        {
            output.WriteLine($"{name}: {done} ({seconds} s).{(report.DryRun ? " Run without --dry-run to write them." : "")}");
        }
    }
}
