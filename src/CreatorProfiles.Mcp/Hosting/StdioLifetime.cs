using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CreatorProfiles.Mcp.Hosting;

/// <summary>
/// The stdio server's answer to SIGTERM and Ctrl+C: the first one ends input (<see cref="StdioDrain.EndInput"/>), so
/// calls in flight are answered and the server then stops as it does when stdin closes; a second one stops at once.
/// Replaces the console lifetime, which would stop the host straight away and cancel those calls.
/// </summary>
internal sealed class StdioLifetime(StdioDrain drain, IHostApplicationLifetime application, ILogger<StdioLifetime> logger) : IHostLifetime, IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signals;

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        foreach (var signal in (PosixSignal[])[PosixSignal.SIGTERM, PosixSignal.SIGINT])
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }

        logger.LogInformation("Serving MCP on stdio; end of input, SIGTERM or Ctrl+C stops it once what was asked is answered");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // the process ends when the host has stopped, not now
        if (Interlocked.Increment(ref _signals) == 1)
        {
            logger.LogInformation("{Signal}: no more requests are read; stopping once the calls in flight are answered", context.Signal);
            drain.EndInput();
        }
        else
        {
            logger.LogWarning("{Signal} again: stopping now", context.Signal);
            application.StopApplication();
        }
    }

    public void Dispose() => _registrations.ForEach(r => r.Dispose());
}
