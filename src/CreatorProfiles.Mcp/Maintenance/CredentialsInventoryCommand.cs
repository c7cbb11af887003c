using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.Domain.Credentials.Maintenance;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static CreatorProfiles.Mcp.Maintenance.CredentialsCommand;

namespace CreatorProfiles.Mcp.Maintenance;

/// <summary>
/// `credentials inventory` (docs/credentials.md): read-only; per key fingerprint, how many stored values each key still
/// opens, so an operator knows when a previous key can be dropped. Progress on stderr, the table (or --json) on stdout,
/// never a value. Exit codes: 0 complete, 1 stopped early (counts partial), 2 configuration error.
/// </summary>
internal static class CredentialsInventoryCommand
{
    private const string Name = "credentials inventory";

    public static Command Create(IConfiguration configuration)
    {
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object instead of a table." };
        var command = new Command("inventory",
            "Counts, per key fingerprint, the envelopes (creator_profiles.credentials, platform_sessions.cookies) each configured key opens, and the legacy, unreadable and empty values. Writes nothing.")
        {
            json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            ServerSettings.Load(configuration), parse.GetValue(json), Console.Out, Console.Error, errorIsTerminal: !Console.IsErrorRedirected, cancellationToken));
        return command;
    }

    public static Task<int> RunAsync(ServerSettings settings, bool json, TextWriter output, TextWriter error, bool errorIsTerminal, CancellationToken cancellationToken) =>
        MaintenanceAudit.AuditedAsync(settings, Name, audit => RunAsync(settings, json, output, error, errorIsTerminal, audit, cancellationToken));

    private static async Task<int> RunAsync(
        ServerSettings settings, bool json, TextWriter output, TextWriter error, bool errorIsTerminal, MaintenanceAudit audit, CancellationToken cancellationToken)
    {
        if (await RefuseMisconfiguredAsync(settings, Name, error) is not { } keyring)
        {
            audit.ConfigurationError();
            return 2;
        }

        await using var provider = DirectusOnly(settings);
        // Legacy forms are read here whatever CREDENTIALS_ACCEPT_LEGACY says: the inventory is how an operator finds them.
        var inventory = new CredentialsInventory(provider.GetRequiredService<IDirectusApi>(), new CredentialsCipher(keyring));
        var report = await inventory.RunAsync(new ConsoleProgress(error, errorIsTerminal), cancellationToken);
        audit.Read(report.Complete);
        if (json)
        {
            WriteJson(report, output);
        }
        else
        {
            WriteTable(report, output);
        }

        return report.Complete ? 0 : 1;
    }

    private static string KeyLabel(InventoryReport report, string fingerprint) =>
        $"key {fingerprint} ({(fingerprint == report.CurrentKey ? "current" : "previous")})";

    private static void WriteTable(InventoryReport report, TextWriter output)
    {
        output.WriteLine($"{Name}: current key {report.CurrentKey}"
            + (report.KeyFingerprints.Count == 1 ? ", no previous keys" : $", previous {string.Join(", ", report.KeyFingerprints.Skip(1))}") + " (read-only)");
        var rows = new List<string[]>();
        void Row(string label, Func<InventoryColumn, int> count) =>
            rows.Add([label, .. report.Columns.Select(c => Count(count(c))), Count(report.Columns.Sum(count))]);

        foreach (var key in report.KeyFingerprints.Distinct())
        {
            Row($"v1 envelope, {KeyLabel(report, key)}", c => c.Envelopes.GetValueOrDefault(key));
        }

        foreach (var key in report.KeyFingerprints.Distinct().Where(k => report.Columns.Any(c => c.BareV1.ContainsKey(k))))
        {
            Row($"bare \"v1:...\" string, {KeyLabel(report, key)}", c => c.BareV1.GetValueOrDefault(key));
        }

        Row("legacy plaintext", c => c.LegacyPlaintext);
        Row("unreadable", c => c.Unreadable);
        Row("nothing stored", c => c.NothingStored);
        Row("rows", c => c.Rows);
        string[] header = ["stored value", .. report.Columns.Select(c => c.Target.ToString()), "total"];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        output.WriteLine();
        foreach (var line in rows.Prepend(header))
        {
            output.WriteLine(string.Join("  ", line.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
        }

        output.WriteLine();
        foreach (var key in report.KeyFingerprints.Distinct())
        {
            var opens = report.OpenedBy(key);
            output.WriteLine($"{KeyLabel(report, key)}: " + (key == report.CurrentKey ? $"opens {opens} value(s)."
                : report.CanDrop(key) ? $"opens nothing: it can be dropped from {CredentialKeyring.PreviousKeysVariable}."
                : $"still opens {opens} value(s): keep it until `credentials rotate` (and `credentials migrate-legacy` for bare strings) has rewritten them."));
        }

        var legacy = report.Columns.Sum(c => c.LegacyPlaintext + c.BareV1.Values.Sum());
        if (legacy > 0)
        {
            output.WriteLine($"legacy: {legacy} value(s) are not v1 envelopes: run `credentials migrate-legacy` before setting {CredentialsCipher.AcceptLegacyVariable}=false.");
        }

        if (report.UnreadableRows.Count > 0)
        {
            output.WriteLine("unreadable rows (no configured key opens them, or they are damaged; no key change affects them):");
            foreach (var row in report.UnreadableRows)
            {
                output.WriteLine($"  {row.Target} {row.Id}: {row.Detail}");
            }
        }

        var seconds = report.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        var rowCount = report.Columns.Sum(c => c.Rows);
        output.WriteLine(report.StoppedEarly is { } why
            ? $"{Name}: stopped early ({why}) after {rowCount} row(s) in {seconds} s; the counts are partial and no key may be dropped on them: rerun."
            : $"{Name}: {rowCount} row(s) read in {seconds} s; nothing was written.");
    }

    private static void WriteJson(InventoryReport report, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("current_key", report.CurrentKey);
            json.WriteStartArray("keys");
            foreach (var key in report.KeyFingerprints.Distinct())
            {
                json.WriteStartObject();
                json.WriteString("fingerprint", key);
                json.WriteString("role", key == report.CurrentKey ? "current" : "previous");
                json.WriteNumber("opens", report.OpenedBy(key));
                json.WriteBoolean("can_be_dropped", report.CanDrop(key));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("columns");
            foreach (var column in report.Columns)
            {
                json.WriteStartObject();
                json.WriteString("column", column.Target.ToString());
                json.WriteNumber("rows", column.Rows);
                WriteCounts(json, "envelopes", column.Envelopes);
                WriteCounts(json, "bare_v1", column.BareV1);
                json.WriteNumber("legacy_plaintext", column.LegacyPlaintext);
                json.WriteNumber("unreadable", column.Unreadable);
                json.WriteNumber("nothing_stored", column.NothingStored);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("unreadable_rows");
            foreach (var row in report.UnreadableRows)
            {
                json.WriteStartObject();
                json.WriteString("column", row.Target.ToString());
                json.WriteString("id", row.Id);
                json.WriteString("status", row.Detail);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteBoolean("complete", report.Complete);
            if (report.StoppedEarly is { } why)
            {
                json.WriteString("stopped_early", why);
            }

            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteCounts(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, int> counts)
    {
        json.WriteStartObject(name);
        foreach (var (key, count) in counts)
        {
            json.WriteNumber(key, count);
        }

        json.WriteEndObject();
    }
}
