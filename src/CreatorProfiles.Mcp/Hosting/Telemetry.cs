using CreatorProfiles.Mcp.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CreatorProfiles.Mcp.Hosting;

/// <summary>
/// OpenTelemetry traces and metrics, off unless OTEL_EXPORTER_OTLP_ENDPOINT names a collector. Nothing is
/// instrumented by hand: the MCP SDK traces and times every request (tool calls included, with the tool name), .NET's
/// HttpClient every Directus request, and ASP.NET Core every HTTP request; this only subscribes to those sources.
/// </summary>
internal static class Telemetry
{
    private static readonly string[] Sources = ["Experimental.ModelContextProtocol", "System.Net.Http", "Microsoft.AspNetCore"];
    private static readonly string[] Meters = ["Experimental.ModelContextProtocol", "System.Net.Http", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    public static IServiceCollection AddTelemetry(this IServiceCollection services, ServerSettings settings)
    {
        if (settings.OtlpEndpoint is not { } endpoint)
        {
            return services;
        }

        // Set explicitly: the host's configuration does not read the environment, so the exporter would not see it.
        void Export(OtlpExporterOptions options, string signal)
        {
            options.Protocol = OtlpExportProtocol.HttpProtobuf;
            options.Endpoint = new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/v1/" + signal);
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServerIdentity.Name, serviceVersion: ServerIdentity.Version))
            .WithTracing(tracing => tracing.AddSource(Sources).AddOtlpExporter(options =>
            {
                Export(options, "traces");
                options.BatchExportProcessorOptions.ScheduledDelayMilliseconds = 1000;
            }))
            .WithMetrics(metrics => metrics.AddMeter(Meters).AddOtlpExporter((options, reader) =>
            {
                Export(options, "metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 5000;
            }));
        return services;
    }
}
