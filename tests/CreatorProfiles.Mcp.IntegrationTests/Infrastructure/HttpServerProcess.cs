using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ModelContextProtocol.Client;

namespace CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

/// <summary>
/// The server started as a real process with `--transport http` on a free loopback port (the build beside the
/// tests, or CREATORPROFILES_SERVER_COMMAND), its stderr captured, stopped on dispose. Clients connect with the
/// C# SDK's HttpClientTransport and a caller's bearer token.
/// </summary>
public sealed partial class HttpServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    private HttpServerProcess(Process process) => _process = process;

    /// <summary>e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public Uri BaseUri { get; private set; } = null!;

    public Uri McpEndpoint => new(BaseUri, "/mcp");

    /// <summary>The base address through 127.0.0.1, also when the server listens on 0.0.0.0.</summary>
    public Uri LoopbackUri => new($"{BaseUri.Scheme}://127.0.0.1:{BaseUri.Port}");

    /// <summary>Everything the server wrote to stderr so far.</summary>
    public string StandardError => string.Join('\n', _stderr);

    /// <summary>A server on loopback, any free port, unless <paramref name="extraArguments"/> name their own --urls (a
    /// test that must know the port before the server starts, for PUBLIC_URL).</summary>
    public static Task<HttpServerProcess> StartAsync(IReadOnlyDictionary<string, string?> environment, params string[] extraArguments) =>
        StartBoundAsync(environment, workingDirectory: "/", extraArguments.Contains("--urls") ? extraArguments : ["--urls", "http://127.0.0.1:0", .. extraArguments]);

    /// <summary>A server whose <paramref name="arguments"/> name its own --urls (port 0: any free one).</summary>
    public static async Task<HttpServerProcess> StartBoundAsync(IReadOnlyDictionary<string, string?> environment, string workingDirectory, params string[] arguments)
    {
        var (command, commandArguments) = ServerCommand.Get(["--transport", "http", .. arguments]);
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            StandardErrorEncoding = Encoding.UTF8,
        };
        commandArguments.ForEach(start.ArgumentList.Add);
        start.WithEnvironment(environment);

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
        var server = new HttpServerProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                server._listening.TrySetException(new InvalidOperationException("the server exited before listening:\n" + server.StandardError));
                return;
            }

            server._stderr.Enqueue(e.Data);
            if (ServingLine().Match(e.Data) is { Success: true } match)
            {
                server._listening.TrySetResult(new Uri(match.Groups["base"].Value));
            }
        };
        process.BeginErrorReadLine();
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();

        server.BaseUri = await server._listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return server;
    }

    /// <summary>An MCP client for the caller whose Directus token is <paramref name="token"/> (null: no header).</summary>
    /// <param name="protocolVersion">null: the SDK default (2026-07-28); "2025-11-25": initialize handshake.</param>
    public Task<McpClient> ConnectAsync(string? token, string? protocolVersion = "2025-11-25", HttpTransportMode mode = HttpTransportMode.StreamableHttp) =>
        ConnectAsync(BaseUri, token, protocolVersion, mode);

    /// <summary>An MCP client for any server (or load balancer) at <paramref name="baseUri"/>.</summary>
    public static Task<McpClient> ConnectAsync(Uri baseUri, string? token, string? protocolVersion = "2025-11-25", HttpTransportMode mode = HttpTransportMode.StreamableHttp)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(baseUri, mode == HttpTransportMode.Sse ? "/sse" : "/mcp"),
            TransportMode = mode,
            AdditionalHeaders = token is null ? null : new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
        });
        return McpClient.CreateAsync(transport, new McpClientOptions
        {
            ClientInfo = new() { Name = "creatorprofiles-integration-tests", Version = "1.0.0" },
            ProtocolVersion = protocolVersion,
        });
    }

    /// <summary>Stops the process (idempotent: a test may stop it early to read all of its stderr).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"Serving MCP at (?<base>https?://[^ /]+)/mcp")]
    private static partial Regex ServingLine();
}
