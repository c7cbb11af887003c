using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CreatorProfiles.Mcp.Hosting;

internal static class StdioServer
{
    public static async Task<int> RunAsync(ServerSettings settings, ToolCatalogOptions catalog, CancellationToken cancellationToken)
    {
        // stdin is a terminal: a person started this, not a client (clients pipe stdin). stderr, as stdout is the protocol's.
        if (!Console.IsInputRedirected)
        {
            var (command, arguments) = StdioBanner.CurrentCommand();
            await Console.Error.WriteAsync(StdioBanner.Text(command, arguments).AsMemory(), cancellationToken);
        }

        // Content root is the app folder, not the working folder: launched from `/` a host would otherwise watch the
        // whole file system for config changes (seconds of start-up). The empty builder adds no config watchers at all.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.AddStderrLogging();
        // The SDK's stream transport over our stdin and stdout: end of input (stdin closed, SIGTERM) waits until what was
        // asked is answered, and an oversized line is refused with an error instead of read (StdioDrain).
        var drain = new StdioDrain(Console.OpenStandardInput(), Console.OpenStandardOutput(), TimeProvider.System);
        builder.Services.AddSingleton(drain);
        builder.Services.AddSingleton<IHostLifetime, StdioLifetime>();
        builder.Services.AddCreatorProfilesMcpServer(settings, catalog)
            .WithStreamServerTransport(drain.Input, drain.Output)
            .WithMessageFilters(filters =>
            {
                filters.AddIncomingFilter(drain.Incoming);
                filters.AddOutgoingFilter(drain.Outgoing);
            });

        using var host = builder.Build();
        // SIGTERM and Ctrl+C end input (StdioLifetime) instead of stopping the host, so the calls in flight finish.
        await host.RunAsync(cancellationToken);
        return 0;
    }
}
