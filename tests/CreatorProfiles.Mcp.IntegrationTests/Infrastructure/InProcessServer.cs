using System.IO.Pipelines;
using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

/// <summary>
/// The server's own composition (same services, tools and Directus client) hosted in the test process and reached
/// through pipes by the C# SDK client, with a handler that counts every request sent to Directus.
/// </summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly RequestLog _requests;

    private InProcessServer(IHost host, RequestLog requests, McpClient client)
    {
        _host = host;
        _requests = requests;
        Client = client;
    }

    public McpClient Client { get; }

    /// <summary>Directus requests (method and path) since the last <see cref="ResetRequests"/>.</summary>
    public IReadOnlyList<string> Requests => _requests.Snapshot();

    public void ResetRequests() => _requests.Clear();

    public static async Task<InProcessServer> StartAsync(IReadOnlyDictionary<string, string?> environment)
    {
        var settings = ServerSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(environment).Build());
        Assert.Empty(settings.Errors);
        var requests = new RequestLog();
        var clientToServer = new Pipe();
        var serverToClient = new Pipe();

        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddCreatorProfilesMcpServer(settings)
            .WithStreamServerTransport(clientToServer.Reader.AsStream(), serverToClient.Writer.AsStream());
        builder.Services.ConfigureAll<HttpClientFactoryOptions>(o =>
            o.HttpMessageHandlerBuilderActions.Add(b => b.AdditionalHandlers.Insert(0, new CountingHandler(requests))));
        var host = builder.Build();
        await host.StartAsync();

        var client = await McpClient.CreateAsync(
            new StreamClientTransport(clientToServer.Writer.AsStream(), serverToClient.Reader.AsStream()),
            new McpClientOptions { ProtocolVersion = "2025-11-25" });
        return new InProcessServer(host, requests, client);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _host.StopAsync();
        _host.Dispose();
    }

    private sealed class RequestLog
    {
        private readonly List<string> _entries = [];

        public void Add(string entry)
        {
            lock (_entries)
            {
                _entries.Add(entry);
            }
        }

        public List<string> Snapshot()
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }

        public void Clear()
        {
            lock (_entries)
            {
                _entries.Clear();
            }
        }
    }

    private sealed class CountingHandler(RequestLog log) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            log.Add($"{request.Method} {request.RequestUri?.AbsolutePath}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
