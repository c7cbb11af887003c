using CreatorProfiles.Mcp.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreatorProfiles.Mcp.UnitTests.Hosting;

public sealed class StderrLoggerProviderTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static (ILoggerFactory Factory, StringWriter Output) Logging()
    {
        var output = new StringWriter();
        var factory = new ServiceCollection()
            .AddLogging(logging => logging.AddStderrLogging()
                .AddProvider(new StderrLoggerProvider(output, new FixedClock(new DateTimeOffset(2026, 11, 28, 13, 4, 5, 67, TimeSpan.FromHours(2))))))
            .BuildServiceProvider()
            .GetRequiredService<ILoggerFactory>();
        return (factory, output);
    }

    [Fact]
    public void An_entry_is_one_line_in_the_console_loggers_single_line_format_with_a_utc_time()
    {
        var (factory, output) = Logging();
        factory.CreateLogger("Some.Category").LogWarning(new EventId(7), "Directus answered {Status}\nafter a retry", 503);
        factory.CreateLogger("Other").LogInformation("started");

        // The provider is added twice here (once by AddStderrLogging with Console.Error, once with the writer): only
        // the writer's lines are read.
        Assert.Equal(
            "11:04:05.067 warn: Some.Category[7] Directus answered 503 after a retry\n11:04:05.067 info: Other[0] started\n",
            output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void An_exception_stays_on_the_entrys_line_and_the_builders_filters_apply()
    {
        var (factory, output) = Logging();
        var failure = new InvalidOperationException("outer\nsecond line", new TimeoutException("inner"));
        factory.CreateLogger("Some.Category").LogError(failure, "call failed");
        factory.CreateLogger("System.Net.Http.HttpClient.Directus").LogInformation("GET /items/creator_profiles?filter=...");
        factory.CreateLogger("ModelContextProtocol.Server").LogInformation("tool called");

        var lines = output.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        var line = Assert.Single(lines); // HttpClient and SDK Information entries are filtered out (warnings only)
        Assert.StartsWith("11:04:05.067 fail: Some.Category[0] call failed System.InvalidOperationException: outer second line", line);
        Assert.Contains("TimeoutException: inner", line);
    }

    [Fact]
    public void A_made_up_tool_name_in_an_sdk_entry_is_written_shortened_and_cleaned()
    {
        var (factory, output) = Logging();
        var name = "evil\u202Eright-to-left" + new string('A', 10_000);

        factory.CreateLogger("ModelContextProtocol.Server.McpServer").LogError("\"{ToolName}\" threw an unhandled exception.", name);
        factory.CreateLogger("ModelContextProtocol.Server.McpServer").LogError("\"{ToolName}\" threw an unhandled exception.", "get_creator_profile");

        var lines = output.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith("\"evil?right-to-left" + new string('A', 64 - 18) + "…\" threw an unhandled exception.", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("\"get_creator_profile\" threw an unhandled exception.", lines[1], StringComparison.Ordinal);
    }
}
