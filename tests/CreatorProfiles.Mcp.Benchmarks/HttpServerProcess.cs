using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.Benchmarks;

/// <summary>
/// Our server in HTTP mode (`--transport http --urls http://127.0.0.1:PORT`, Streamable HTTP at /mcp, health at
/// /healthz and /readyz), started and stopped by the harness, which knows its PID for the memory figures.
/// </summary>
internal sealed class HttpServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private HttpServerProcess(Process process, Uri baseUrl, StderrTail stderr)
    {
        _process = process;
        BaseUrl = baseUrl;
        Stderr = stderr;
    }

    public Uri BaseUrl { get; }
    public Uri McpEndpoint => new(BaseUrl, "mcp");
    public int Pid => _process.Id;
    public StderrTail Stderr { get; }

    public static async Task<HttpServerProcess> StartAsync(ServerVariant variant, Dictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        var (command, arguments) = variant.With("--transport", "http", "--urls", $"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        arguments.ForEach(start.ArgumentList.Add);
        start.WithEnvironment(environment);

        var stderr = new StderrTail();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { stderr.Add(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { stderr.Add(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new HttpServerProcess(process, baseUrl, stderr);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new HttpModeUnavailableException(
                    $"{variant.Name} --transport http exited with code {process.ExitCode} before /readyz answered:\n{stderr}");
            }

            try
            {
                using var ready = await http.GetAsync(new Uri(baseUrl, "readyz"), cancellationToken);
                if (ready.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // slow start
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                await server.DisposeAsync();
                throw new HttpModeUnavailableException($"{variant.Name} --transport http: /readyz did not answer 200 within 60 s:\n{stderr}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true); // only the process this object started, by its PID
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // reported by the OS; nothing more to do
            }
        }

        _process.Dispose();
    }
}

internal sealed class HttpModeUnavailableException(string message) : Exception(message);
