using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Audit;

/// <summary>Maintenance commands: one line per run (transport cli) with the rows it changed, skipped and failed as
/// numbers, and a refused run (no key) as config_error. Dry runs only, so other tests' rows are never rewritten.</summary>
public sealed partial class AuditTrailTests
{
    [Fact]
    public async Task Each_maintenance_command_run_writes_one_line_with_its_row_counts()
    {
        string[][] commands = [["profiles", "migrate-identity", "--dry-run"], ["credentials", "migrate-legacy", "--dry-run"], ["credentials", "rotate", "--dry-run"]];
        var results = new List<ProcessResult>();
        foreach (var arguments in commands)
        {
            var (command, all) = ServerCommand.Get(arguments);
            results.Add(await ProcessRunner.RunAsync(command, all, Environment(), timeout: TimeSpan.FromMinutes(2)));
        }

        var noKey = Environment();
        noKey["CREDENTIALS_ENC_KEY_B64"] = null;
        var (rotate, rotateArguments) = ServerCommand.Get("credentials", "rotate");
        var refused = await ProcessRunner.RunAsync(rotate, rotateArguments, noKey, timeout: TimeSpan.FromMinutes(2));

        Assert.Equal(2, refused.ExitCode);
        var lines = _audit.Lines;
        output.WriteLine(_audit.Text);
        results.ForEach(r => output.WriteLine(r.StandardOutput));
        Assert.Equal(["cli:profiles migrate-identity", "cli:credentials migrate-legacy", "cli:credentials rotate", "cli:credentials rotate"],
            lines.Select(l => (string?)l["action"]));
        Assert.All(lines, l =>
        {
            Assert.Equal("cli", (string?)l["transport"]);
            Assert.Equal("os:" + System.Environment.UserName, (string?)l["caller"]);
            Assert.Null(l["client"]);
        });
        // The shared Directus holds other tests' rows, some of which no key opens: a run ends ok (exit 0) or failed
        // (exit 1, rows_failed > 0), and the line says which, with the counts the summary printed.
        Assert.All(lines.Take(3).Zip(results), pair =>
        {
            var (line, result) = pair;
            Assert.Equal(result.ExitCode == 0 ? "ok" : "failed", (string?)line["outcome"]);
            Assert.Equal(result.ExitCode != 0, (int)line["rows_failed"]! > 0);
            Assert.True((bool)line["dry_run"]!);
            Assert.True((int)line["rows_changed"]! + (int)line["rows_skipped"]! > 0, line.ToJsonString()); // the demo data has rows
        });
        Assert.Equal("config_error", (string?)lines[3]["outcome"]);
        Assert.Null(lines[3]["rows_changed"]); // nothing was looked at
    }
}
