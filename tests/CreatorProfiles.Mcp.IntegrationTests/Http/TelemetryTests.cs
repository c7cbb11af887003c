using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>OpenTelemetry (off by default: see the unit tests): with OTEL_EXPORTER_OTLP_ENDPOINT set, tool-call and Directus spans and
/// metrics reach an OTLP/HTTP collector (here a listener that keeps what it is sent).</summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class TelemetryTests(LocalDirectus directus) : IDisposable
{
    private readonly HttpListener _collector = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

    [Fact]
    public async Task Tool_calls_and_Directus_requests_are_exported_as_traces_and_metrics_when_a_collector_is_named()
    {
        var port = StartCollector();
        var environment = directus.ServerEnvironment();
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}";
        await using var server = await HttpServerProcess.StartAsync(environment);
        await using var client = await server.ConnectAsync(directus.Stack["ALICE_TOKEN"]);

        await client.CallAsync("list_creator_profiles", new { limit = 2 });

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !(Has("/v1/traces", "list_creator_profiles") && Has("/v1/traces", "GET") && Has("/v1/metrics", "mcp.server")))
        {
            await Task.Delay(250);
        }

        Assert.True(Has("/v1/traces", "list_creator_profiles"), "no span of the tool call: " + Summary());
        Assert.True(Has("/v1/traces", "creator-profiles-mcp"), "spans without the service name: " + Summary());
        Assert.True(Has("/v1/metrics", "mcp.server"), "no MCP server metric: " + Summary());
    }

    private bool Has(string path, string text) =>
        _received.Any(r => r.Path == path && Encoding.UTF8.GetString(r.Body).Contains(text, StringComparison.Ordinal));

    private string Summary() => string.Join(", ", _received.GroupBy(r => r.Path).Select(g => $"{g.Key} x{g.Count()}"));

    private int StartCollector()
    {
        var port = LoopbackPort.Free();
        _collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        _collector.Start();
        _ = Task.Run(async () =>
        {
            while (_collector.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _collector.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                _received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        });
        return port;
    }

    public void Dispose() => _collector.Close();
}
