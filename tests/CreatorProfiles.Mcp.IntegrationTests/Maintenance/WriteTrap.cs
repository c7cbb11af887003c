using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CreatorProfiles.Mcp.IntegrationTests.Maintenance;

/// <summary>
/// A reverse proxy between a `credentials` command and Directus that forwards everything, and once Directus has
/// committed the N-th row write (PATCH items/...), keeps that answer back and completes <see cref="Held"/>. The
/// command makes one request at a time, so from then on it is stuck between its N-th write and the read-back: the
/// state a crash right after a write leaves, held for as long as the test needs to kill the process.
/// </summary>
internal sealed class WriteTrap : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Host",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly int _writes;
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _written;

    private WriteTrap(WebApplication app, HttpClient upstream, int writes)
    {
        _app = app;
        _upstream = upstream;
        _writes = writes;
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>Completes when the N-th write is in Directus and its answer is being held back.</summary>
    public Task Held => _held.Task;

    public static async Task<WriteTrap> StartAsync(Uri directus, int writes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = directus };
        var trap = new WriteTrap(app, upstream, writes);
        app.Run(trap.ForwardAsync);
        await app.StartAsync();
        trap.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return trap;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), (context.Request.Path + context.Request.QueryString).TrimStart('/'));
        var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        if (body.Length > 0)
        {
            body.Position = 0;
            request.Content = new StreamContent(body);
        }

        foreach (var (name, values) in context.Request.Headers.Where(h => !HopByHop.Contains(h.Key)))
        {
            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await _upstream.SendAsync(request, context.RequestAborted);
        if (HttpMethods.IsPatch(context.Request.Method) && context.Request.Path.StartsWithSegments("/items")
            && response.IsSuccessStatusCode && Interlocked.Increment(ref _written) == _writes)
        {
            _held.TrySetResult();
            // Never answered: the request ends when the killed command's connection drops, or when the trap stops.
            var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            try
            {
                await Task.Delay(Timeout.Infinite, either.Token);
            }
            catch (OperationCanceledException)
            {
            }

            return;
        }

        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers).Where(h => !HopByHop.Contains(h.Key)))
        {
            context.Response.Headers[name] = values.ToArray();
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
