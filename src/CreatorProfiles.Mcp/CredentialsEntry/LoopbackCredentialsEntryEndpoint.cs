using System.Diagnostics;
using System.Net;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using CreatorProfiles.Mcp.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CreatorProfiles.Mcp.CredentialsEntry;

/// <summary>
/// stdio mode's credentials entry page: a Kestrel listener on 127.0.0.1 and a random port, started when the first
/// link is minted and stopped once <see cref="CredentialsEntryLinkStore.KeepServingUntil"/> has passed (no open link,
/// and the last closed one has lingered). The next link starts it again, on a new port. Kestrel's own request logs
/// would print the URL with its token, so the listener logs through the server's logger factory, where
/// Microsoft.AspNetCore is filtered to warnings.
/// </summary>
internal sealed class LoopbackCredentialsEntryEndpoint(
    CredentialsEntryLinkStore links,
    CredentialsEntryPage page,
    ILoggerFactory loggerFactory,
    TimeProvider clock) : ICredentialsEntryEndpoint, IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan IdleCheckMargin = TimeSpan.FromMilliseconds(250);

    private readonly ILogger _logger = loggerFactory.CreateLogger<LoopbackCredentialsEntryEndpoint>();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _timerLock = new();
    private WebApplication? _app;
    private Uri? _baseUrl;
    private ITimer? _idleTimer;
    private bool _disposed;

    /// <summary>The page's base URL while it is served, else null.</summary>
    public Uri? BaseUrl => _baseUrl;

    public async ValueTask<Uri> EnsureStartedAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_app is null)
            {
                await StartAsync(cancellationToken);
            }

            ScheduleIdleCheck();
            return _baseUrl!;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        // Nothing from the environment (ASPNETCORE_URLS, Kestrel__Endpoints__...) may move this listener off loopback.
        var builder = CommandLineBoundWebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory); // the server's stderr logger and filters
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>(); // the server's host owns Ctrl+C and SIGTERM
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = CredentialsEntryPage.MaxBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestLineSize = 4 * 1024;
            kestrel.Limits.MaxConcurrentConnections = 64;
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(30);
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
            kestrel.Listen(IPAddress.Loopback, 0);
        });

        var app = builder.Build();
        app.Run(async context =>
        {
            try
            {
                await page.HandleAsync(context);
            }
            finally
            {
                ScheduleIdleCheck(); // a submit may have closed the last open link
            }
        });

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var port = new Uri(address).Port;
        _app = app;
        _baseUrl = new Uri($"http://127.0.0.1:{port}{CredentialsEntryPage.PathPrefix}");
        _logger.LogInformation("Credentials entry page listening on http://127.0.0.1:{Port}/ (loopback only; started in {Elapsed} ms; stops when no link needs it)",
            port, started.ElapsedMilliseconds);
    }

    /// <summary>Plans the next idle check for when the store says the page may stop (re-planned after every request).</summary>
    private void ScheduleIdleCheck()
    {
        lock (_timerLock)
        {
            if (_disposed)
            {
                return;
            }

            var until = links.KeepServingUntil();
            var due = (until ?? clock.GetUtcNow()) - clock.GetUtcNow();
            due = (due < TimeSpan.Zero ? TimeSpan.Zero : due) + IdleCheckMargin;
            _idleTimer?.Dispose();
            _idleTimer = clock.CreateTimer(_ => _ = StopIfIdleAsync(), null, due, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task StopIfIdleAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_app is null || _disposed)
            {
                return;
            }

            if (links.KeepServingUntil() is { } until && until > clock.GetUtcNow())
            {
                ScheduleIdleCheck();
                return;
            }

            await StopAsync("no link needs it");
        }
        catch (Exception e)
        {
            _logger.LogWarning("Credentials entry page: stopping failed ({ExceptionType})", e.GetType().Name);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StopAsync(string why)
    {
        var app = _app;
        var port = _baseUrl?.Port;
        _app = null;
        _baseUrl = null;
        if (app is null)
        {
            return;
        }

        await app.StopAsync();
        await app.DisposeAsync();
        _logger.LogInformation("Credentials entry page on port {Port} closed: {Reason}", port, why);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_timerLock)
        {
            _disposed = true;
            _idleTimer?.Dispose();
        }

        await _gate.WaitAsync();
        try
        {
            await StopAsync("the server is stopping");
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The listener lives inside the MCP server's process: it neither waits for nor handles console signals.</summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
