using System.Security.Cryptography;
using System.Text;
using ModelContextProtocol.Client;

namespace CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

/// <summary>
/// The clustered stack (`stack.sh up --backend postgres`): PostgreSQL and Redis, two Directus instances on one
/// database behind HAProxy, and three replicas of the server under test behind HAProxy. Its state folder is kept per
/// checkout, so the PostgreSQL template database is built once and every run starts from a fresh copy of it.
/// </summary>
public sealed class ClusterStack : LocalDirectus
{
    public const int DirectusInstances = 2;
    public const int Replicas = 3;
    public const int UnauthenticatedPerMinute = 60;

    /// <summary>Short, so a test can see a link expire across replicas; long enough to mint the per-caller cap's worth.</summary>
    public static readonly TimeSpan CredentialsEntryTtl = TimeSpan.FromSeconds(40);

    protected override string StateDir { get; } = Path.Combine(CacheRoot(), "cluster-tests-" +
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(RepoPaths.Root)))[..10]);

    protected override bool KeepsStateDir => true;

    protected override string[] UpArguments
    {
        get
        {
            var (command, arguments) = ServerCommand.Get();
            // The 20-call races come from one caller: the per-caller limits (shared through Redis) must not cut them.
            // The per-address limit stays on, small, for the shared-bucket burst (from addresses no other test uses).
            var serverSettings = Path.Combine(StateDir, "server-settings.env");
            Directory.CreateDirectory(StateDir);
            File.WriteAllText(serverSettings, "RATE_LIMIT_TOOL_CALLS_PER_MINUTE=0\nRATE_LIMIT_SENSITIVE_CALLS_PER_MINUTE=0\n" +
                $"RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE={UnauthenticatedPerMinute}\nCREDENTIALS_ENTRY_TTL={CredentialsEntryTtl:hh\\:mm\\:ss}\n");
            return ["up", "--backend", "postgres", "--directus-instances", $"{DirectusInstances}", "--replicas", $"{Replicas}",
                "--port", "auto", "--state-dir", StateDir, "--server-command", string.Join(' ', [command, .. arguments]),
                "--server-env", serverSettings];
        }
    }

    protected override string[] DownArguments => ["down", "--backend", "postgres", "--state-dir", StateDir];

    /// <summary>HAProxy's front door to the replicas.</summary>
    public Uri ServerUrl => new(Stack["SERVER_URL"]);

    /// <summary>Each replica's own address, bypassing the balancer.</summary>
    public IReadOnlyList<Uri> ReplicaUrls => [.. Stack["REPLICA_URLS"].Split(',').Select(url => new Uri(url))];

    /// <summary>The pid of the cluster's Redis, from the stack's pid file.</summary>
    public int RedisPid => int.Parse(File.ReadLines(Path.Combine(Stack["CLUSTER_STATE_DIR"], "pids"))
        .Select(line => line.Split(' ')).Last(cells => cells[0] == "redis")[1], System.Globalization.CultureInfo.InvariantCulture);

    public IReadOnlyList<string> DirectusInstanceUrls => Stack["DIRECTUS_INSTANCE_URLS"].Split(',');

    /// <summary>The audit log of replica <paramref name="replica"/> (1-based): one line per tool call it served.</summary>
    public string AuditLogOf(int replica) => Path.Combine(Stack["CLUSTER_STATE_DIR"], $"replica-{replica}", "audit.jsonl");

    /// <summary>An MCP client (C# SDK, Streamable HTTP) through the balancer, as the owner of <paramref name="token"/>.</summary>
    public Task<McpClient> ConnectAsync(string token) => HttpServerProcess.ConnectAsync(ServerUrl, token);

    /// <summary>Responses each HAProxy backend server has sent so far ("directus-1" → count), from its CSV statistics.</summary>
    public async Task<Dictionary<string, long>> ResponsesPerServerAsync(string backend)
    {
        using var http = new HttpClient();
        var lines = (await http.GetStringAsync(Stack["HAPROXY_STATS_URL"] + ";csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].TrimStart('#', ' ').Split(',');
        var responseColumns = header.Select((name, i) => (name, i)).Where(c => c.name.StartsWith("hrsp_", StringComparison.Ordinal)).Select(c => c.i).ToList();
        return lines.Skip(1).Select(line => line.Split(','))
            .Where(cells => cells[0] == backend && cells[1] is not ("FRONTEND" or "BACKEND"))
            .ToDictionary(cells => cells[1], cells => responseColumns.Sum(i => long.TryParse(cells[i], out var n) ? n : 0));
    }

    /// <summary>One SQL query's rows as text (psql -At), straight from PostgreSQL: the ground truth below Directus.</summary>
    public async Task<string> QueryAsync(string sql)
    {
        var result = await ProcessRunner.RunAsync("psql", [Stack["DATABASE_URL"], "-v", "ON_ERROR_STOP=1", "-qAtX", "-c", sql]);
        Assert.True(result.ExitCode == 0, "psql: " + result.StandardError);
        return result.StandardOutput.Trim();
    }

    private static string CacheRoot() =>
        Environment.GetEnvironmentVariable("CREATORPROFILES_CACHE") is { Length: > 0 } cache ? cache
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "creatorprofiles-mcp");
}

[CollectionDefinition(Name)]
public sealed class ClusterStackCollection : ICollectionFixture<ClusterStack>
{
    public const string Name = "cluster stack";
}
