using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace CreatorProfiles.Mcp.UnitTests.Http;

public sealed class TelemetryTests
{
    private static ServiceProvider Services(string? endpoint) => new ServiceCollection()
        .AddLogging()
        .AddTelemetry(ServerSettings.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [ServerSettings.OtlpEndpointVariable] = endpoint })
            .Build()))
        .BuildServiceProvider();

    [Fact]
    public void Without_a_collector_no_tracer_is_registered()
    {
        using var services = Services(endpoint: null);

        Assert.Null(services.GetService<TracerProvider>());
    }

    [Fact]
    public void With_a_collector_a_tracer_is_registered()
    {
        using var services = Services("http://127.0.0.1:4318");

        Assert.NotNull(services.GetService<TracerProvider>());
    }

    [Theory]
    [InlineData("collector:4318")]
    [InlineData("grpc://127.0.0.1:4317")]
    public void A_collector_address_that_is_not_an_http_url_is_a_configuration_error(string endpoint)
    {
        var settings = ServerSettings.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [ServerSettings.OtlpEndpointVariable] = endpoint })
            .Build());

        Assert.Contains(settings.Errors, e => e.StartsWith(ServerSettings.OtlpEndpointVariable, StringComparison.Ordinal));
    }
}
