using System.Diagnostics;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Host;

/// <summary>
/// Started from a terminal, the stdio server tells the person on stderr what it waits for; stdout stays JSON-RPC only.
/// Started by a client (stdin redirected, as every client does) it prints nothing extra. No Directus is needed:
/// initialize does not reach it.
/// </summary>
public sealed class TerminalBannerTests
{
    private static readonly Dictionary<string, string?> ServerEnvironment = new()
    {
        ["DIRECTUS_URL"] = "http://127.0.0.1:9",
        ["DIRECTUS_TOKEN"] = "not-used",
    };

    private const string Waiting = "waiting for an MCP client to send JSON-RPC messages on stdin";

    [Fact]
    public async Task With_a_terminal_on_stdin_the_banner_goes_to_stderr_and_stdout_stays_json_rpc()
    {
        var folder = Directory.CreateTempSubdirectory("creatorprofiles-tty-");
        try
        {
            var stdoutFile = Path.Combine(folder.FullName, "stdout");
            var stderrFile = Path.Combine(folder.FullName, "stderr");
            var (command, arguments) = ServerCommand.Get();
            var server = string.Join(' ', new[] { command }.Concat(arguments).Select(Quote));

            // util-linux script gives the server a pseudo-terminal as stdin; its stdout and stderr go to files.
            var start = new ProcessStartInfo("script")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList = { "-qec", $"{server} >{Quote(stdoutFile)} 2>{Quote(stderrFile)}", "/dev/null" },
            };
            start.WithEnvironment(ServerEnvironment);
            using var terminal = Process.Start(start) ?? throw new InvalidOperationException("could not start script (util-linux)");
            var echo = terminal.StandardOutput.ReadToEndAsync(); // what the terminal echoes: not the server's stdout
            var scriptErrors = terminal.StandardError.ReadToEndAsync();
            try
            {
                await WaitForAsync(stderrFile, "stops the server.", terminal);
                await terminal.StandardInput.WriteAsync(
                    """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"tty","version":"1"}}}""" + "\n");
                await terminal.StandardInput.FlushAsync();
                await WaitForAsync(stdoutFile, "\"id\":1", terminal);
                await terminal.StandardInput.WriteAsync("\u0004"); // Ctrl+D: end of input, the server exits
                await terminal.StandardInput.FlushAsync();
                Assert.True(terminal.WaitForExit(TimeSpan.FromSeconds(30)), "the server did not exit on Ctrl+D");
            }
            finally
            {
                if (!terminal.HasExited)
                {
                    terminal.Kill(entireProcessTree: true);
                }
            }

            await echo;
            var stderr = File.ReadAllText(stderrFile);
            Assert.True(stderr.Contains(Waiting, StringComparison.Ordinal), "stderr: " + stderr + "\nscript: " + await scriptErrors);
            Assert.Contains("claude mcp add creator-profiles", stderr);
            Assert.Contains("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", stderr);
            var stdout = File.ReadAllLines(stdoutFile).Where(l => l.Length > 0).ToList();
            Assert.All(stdout, line => Assert.Equal("2.0", (string?)JsonNode.Parse(line)!["jsonrpc"]));
            Assert.Single(stdout);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task With_stdin_redirected_as_by_every_client_nothing_extra_is_printed()
    {
        var (command, arguments) = ServerCommand.Get();

        var result = await ProcessRunner.RunAsync(command, arguments, ServerEnvironment, standardInput: "", timeout: TimeSpan.FromMinutes(1));

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.StandardOutput);
        Assert.DoesNotContain(Waiting, result.StandardError);
    }

    private static async Task WaitForAsync(string file, string text, Process terminal)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(File.Exists(file) && File.ReadAllText(file).Contains(text, StringComparison.Ordinal)))
        {
            Assert.False(terminal.HasExited, $"the server exited before writing '{text}' to {Path.GetFileName(file)}");
            Assert.True(DateTime.UtcNow < deadline, $"no '{text}' in {Path.GetFileName(file)} after 60 s: {(File.Exists(file) ? File.ReadAllText(file) : "(no file)")}");
            await Task.Delay(50);
        }
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
