using System.Collections.Concurrent;
using ModelContextProtocol.Client;

namespace CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

/// <summary>How tests launch the server: the build beside the tests (`dotnet CreatorProfiles.Mcp.dll`), or any
/// published binary named by CREATORPROFILES_SERVER_COMMAND (e.g. the Native AOT build).</summary>
internal static class ServerCommand
{
    public const string OverrideVariable = "CREATORPROFILES_SERVER_COMMAND";

    public static (string Command, List<string> Arguments) Get(params string[] serverArguments)
    {
        var published = Environment.GetEnvironmentVariable(OverrideVariable);
        return string.IsNullOrWhiteSpace(published)
            ? ("dotnet", [Path.Combine(AppContext.BaseDirectory, "CreatorProfiles.Mcp.dll"), .. serverArguments])
            : (published, [.. serverArguments]);
    }
}

/// <summary>A C# SDK client connected over stdio to a freshly started server process, with its stderr captured.</summary>
public sealed class StdioSession : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _stderr = new();

    private StdioSession() { }

    public McpClient Client { get; private set; } = null!;

    /// <summary>Everything the server wrote to stderr so far.</summary>
    public string StandardError => string.Join('\n', _stderr);

    /// <param name="protocolVersion">null: the SDK's default (2026-07-28, no initialize handshake); "2025-11-25": like today's common clients.</param>
    public static Task<StdioSession> StartAsync(IReadOnlyDictionary<string, string?> environment, string? protocolVersion, params string[] serverArguments) =>
        StartAsync(environment, protocolVersion, configureClient: null, serverArguments);

    /// <param name="configureClient">Changes the client's options before it connects (capabilities, handlers).</param>
    public static Task<StdioSession> StartAsync(IReadOnlyDictionary<string, string?> environment, string? protocolVersion,
        Action<McpClientOptions>? configureClient, params string[] serverArguments)
    {
        var (command, arguments) = ServerCommand.Get(serverArguments);
        return StartCommandAsync(command, arguments, environment, protocolVersion, configureClient);
    }

    /// <summary>A session with a server started by any command (an installed tool, `dotnet dnx ...`), not ServerCommand's.</summary>
    /// <param name="workingDirectory">null: the test's own folder.</param>
    public static async Task<StdioSession> StartCommandAsync(string command, IList<string> arguments, IReadOnlyDictionary<string, string?> environment,
        string? protocolVersion, Action<McpClientOptions>? configureClient = null, string? workingDirectory = null)
    {
        var session = new StdioSession();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "creator-profiles-mcp",
            Command = command,
            Arguments = arguments,
            EnvironmentVariables = environment.ToDictionary(),
            StandardErrorLines = line => session._stderr.Enqueue(line),
            WorkingDirectory = workingDirectory,
        });
        var options = new McpClientOptions
        {
            ClientInfo = new() { Name = "creatorprofiles-integration-tests", Version = "1.0.0" },
            ProtocolVersion = protocolVersion,
        };
        configureClient?.Invoke(options);
        session.Client = await McpClient.CreateAsync(transport, options);
        return session;
    }

    public async ValueTask DisposeAsync() => await Client.DisposeAsync();
}
