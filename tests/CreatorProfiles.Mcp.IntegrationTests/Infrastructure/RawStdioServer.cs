using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

/// <summary>
/// The server as a child process spoken to in raw JSON-RPC lines (no SDK client in between): for what only the bytes on
/// the wire can show, such as the exact size of a result. Does the initialize handshake of protocol 2025-11-25.
/// </summary>
internal sealed class RawStdioServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private int _nextId;

    private RawStdioServer(Process process) => _process = process;

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <param name="capabilities">The client capabilities declared at initialize; null: none.</param>
    public static async Task<RawStdioServer> StartAsync(IReadOnlyDictionary<string, string?> environment, JsonObject? capabilities = null)
    {
        var (command, arguments) = ServerCommand.Get();
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
        };
        arguments.ForEach(start.ArgumentList.Add);
        start.WithEnvironment(environment);

        var server = new RawStdioServer(Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}"));
        server._process.ErrorDataReceived += (_, e) =>
        {
            lock (server._stderr)
            {
                server._stderr.AppendLine(e.Data);
            }
        };
        server._process.BeginErrorReadLine();
        await server.RequestAsync("initialize", new JsonObject
        {
            ["protocolVersion"] = "2025-11-25",
            ["capabilities"] = capabilities ?? new JsonObject(),
            ["clientInfo"] = new JsonObject { ["name"] = "creatorprofiles-raw-rpc", ["version"] = "1.0.0" },
        });
        await server.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = "notifications/initialized" });
        return server;
    }

    public int ProcessId => _process.Id;

    /// <summary>Sends a request and returns its <c>result</c> exactly as the server wrote it (the raw JSON text).</summary>
    public async Task<string> RequestAsync(string method, JsonObject parameters, TimeSpan? timeout = null)
    {
        using var message = await RequestRawAsync(method, parameters.ToJsonString(), timeout);
        return message.RootElement.TryGetProperty("result", out var result)
            ? result.GetRawText()
            : throw new InvalidOperationException($"{method}: {message.RootElement.GetRawText()}");
    }

    /// <summary>Sends a request whose params are JSON text written by the caller, byte for byte (so it may hold what
    /// no JsonObject can, such as an escaped lone surrogate), and returns the whole answer: its result or its error.</summary>
    public async Task<JsonDocument> RequestRawAsync(string method, string rawParameters, TimeSpan? timeout = null)
    {
        var id = ++_nextId;
        await SendLineAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":{JsonSerializer.Serialize(method)},\"params\":{rawParameters}}}");
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await _process.StandardOutput.ReadLineAsync(cts.Token)
                ?? throw new InvalidOperationException($"{method}: the server closed stdout. stderr:\n{StandardError}");
            var message = JsonDocument.Parse(line);
            if (message.RootElement.TryGetProperty("id", out var responseId) && responseId.ValueKind == JsonValueKind.Number && responseId.GetInt32() == id)
            {
                return message;
            }

            message.Dispose(); // a notification or a server-to-client request
        }
    }

    /// <summary>Sends one message as it is (any id, any shape); nothing waits for an answer.</summary>
    public Task SendAsync(JsonObject message) => SendLineAsync(message.ToJsonString());

    private async Task SendLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close(); // stdio servers exit when stdin closes
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
