using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

/// <summary>
/// A small reverse proxy on loopback between a process under test and Directus: it forwards every request and answer
/// as they are (bodies and headers, minus hop-by-hop ones). A hook sees each answer first and may keep it back; the
/// benchmark counts round trips with it, the crash-safety tests hold a write's answer to kill a command mid-way.
/// Shared by the integration tests and the benchmark (linked into both projects).
/// </summary>
internal sealed class DirectusProxy : IAsyncDisposable
{
    /// <summary>Sees a request's answer before it is passed back; returns false when it answered (or dropped) the
    /// request itself.</summary>
    public delegate Task<bool> AnswerHook(HttpContext context, HttpResponseMessage answer);

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Authorization", "Proxy-Authenticate", "Host",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly AnswerHook _onAnswer;

    private DirectusProxy(WebApplication app, HttpClient upstream, AnswerHook onAnswer)
    {
        _app = app;
        _upstream = upstream;
        _onAnswer = onAnswer;
    }

    /// <summary>The proxy's base URL (with a trailing slash), to use as DIRECTUS_URL.</summary>
    public Uri Url { get; private set; } = null!;

    public static async Task<DirectusProxy> StartAsync(Uri directus, AnswerHook onAnswer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = directus };
        var proxy = new DirectusProxy(app, upstream, onAnswer);
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.Url = new Uri(address.TrimEnd('/') + "/");
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), (context.Request.Path + context.Request.QueryString).TrimStart('/'));
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
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

        using var answer = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        if (!await _onAnswer(context, answer))
        {
            return;
        }

        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers).Where(h => !HopByHop.Contains(h.Key)))
        {
            context.Response.Headers[name] = values.ToArray();
        }

        await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
