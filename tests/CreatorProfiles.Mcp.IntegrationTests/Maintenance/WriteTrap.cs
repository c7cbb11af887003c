using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CreatorProfiles.Mcp.IntegrationTests.Maintenance;

/// <summary>
/// A <see cref="DirectusProxy"/> between a `credentials` command and Directus that forwards everything, and once
/// Directus has committed the N-th row write (PATCH items/...), keeps that answer back and completes <see cref="Held"/>.
/// The command makes one request at a time, so from then on it is stuck between its N-th write and the read-back: the
/// state a crash right after a write leaves, held for as long as the test needs to kill the process.
/// </summary>
internal sealed class WriteTrap : IAsyncDisposable
{
    private readonly int _writes;
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DirectusProxy _proxy = null!;
    private int _written;

    private WriteTrap(int writes) => _writes = writes;

    public Uri Url => _proxy.Url;

    /// <summary>Completes when the N-th write is in Directus and its answer is being held back.</summary>
    public Task Held => _held.Task;

    public static async Task<WriteTrap> StartAsync(Uri directus, int writes)
    {
        var trap = new WriteTrap(writes);
        trap._proxy = await DirectusProxy.StartAsync(directus, trap.HoldNthWriteAsync);
        return trap;
    }

    private async Task<bool> HoldNthWriteAsync(HttpContext context, HttpResponseMessage answer)
    {
        if (!HttpMethods.IsPatch(context.Request.Method) || !context.Request.Path.StartsWithSegments("/items")
            || !answer.IsSuccessStatusCode || Interlocked.Increment(ref _written) != _writes)
        {
            return true;
        }

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

        return false;
    }

    public ValueTask DisposeAsync() => _proxy.DisposeAsync();
}
