namespace CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

/// <summary>
/// A real Directus for the test run, started by the project's own script on a free port from a copy of the
/// bootstrapped, schema-applied, seeded template database; stopped (only what it started) at the end.
/// </summary>
public class LocalDirectus : IAsyncLifetime
{
    /// <summary>Where stack.sh keeps this stack's state: a fresh temp folder, deleted at the end.</summary>
    protected virtual string StateDir { get; } = Path.Combine(Path.GetTempPath(), "creatorprofiles-it-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Whether the state folder outlives the run (a cluster keeps its PostgreSQL template database there).</summary>
    protected virtual bool KeepsStateDir => false;

    /// <summary>The arguments of `stack.sh up` and of `stack.sh down`.</summary>
    protected virtual string[] UpArguments => ["up", "--port", "auto", "--state-dir", StateDir];

    protected virtual string[] DownArguments => ["down", "--state-dir", StateDir];

    /// <summary>The variables `stack.sh up` printed: DIRECTUS_URL, DIRECTUS_TOKEN, ALICE_TOKEN, ...</summary>
    public IReadOnlyDictionary<string, string> Stack { get; private set; } = new Dictionary<string, string>();

    public string Url => Stack["DIRECTUS_URL"];
    public string AdminToken => Stack["DIRECTUS_TOKEN"];
    public string EncryptionKey => Stack["CREDENTIALS_ENC_KEY_B64"];

    public DirectusRest Rest { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var result = await ProcessRunner.RunAsync("bash", [RepoPaths.StackScript, .. UpArguments]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"stack.sh up failed ({result.ExitCode}): {result.StandardError}");
        }

        Stack = result.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1]);
        Rest = new DirectusRest(new Uri(Url), AdminToken);
    }

    /// <summary>The environment for a server (stdio, --no-auth) that acts for the owner of <paramref name="token"/>
    /// (default: admin). The server always reads and writes with the admin token: a demo user's token holds no
    /// Directus permission on the data, so it only identifies its owner (DIRECTUS_CALLER_TOKEN).</summary>
    public Dictionary<string, string?> ServerEnvironment(string? token = null) => new()
    {
        ["DIRECTUS_URL"] = Url,
        ["DIRECTUS_TOKEN"] = AdminToken,
        ["DIRECTUS_CALLER_TOKEN"] = token is null || token == AdminToken ? null : token,
        ["CREDENTIALS_ENC_KEY_B64"] = EncryptionKey,
    };

    public async Task DisposeAsync()
    {
        Rest.Dispose();
        await ProcessRunner.RunAsync("bash", [RepoPaths.StackScript, .. DownArguments]);
        if (KeepsStateDir)
        {
            return;
        }

        try
        {
            Directory.Delete(StateDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LocalDirectusCollection : ICollectionFixture<LocalDirectus>
{
    public const string Name = "local directus";
}

/// <summary>
/// A Directus of its own for the golden transcripts: they record whole pages of the seeded data, so they must not
/// see the rows other tests create. Its own fixture type gives it its own instance (and lets xunit run it beside
/// the shared collection).
/// </summary>
public sealed class TranscriptsDirectus : LocalDirectus;

[CollectionDefinition(Name)]
public sealed class TranscriptsDirectusCollection : ICollectionFixture<TranscriptsDirectus>
{
    public const string Name = "transcripts directus";
}

/// <summary>
/// A Directus of its own for the credentials maintenance commands: they rewrite every row's credentials and cookies
/// (and rotate them to other keys for a while), which no other test may see.
/// </summary>
public sealed class MaintenanceDirectus : LocalDirectus;

[CollectionDefinition(Name)]
public sealed class MaintenanceDirectusCollection : ICollectionFixture<MaintenanceDirectus>
{
    public const string Name = "maintenance directus";
}

/// <summary>
/// A Directus of its own for the canary test: it stores canary credentials, calls every tool on them (writes
/// included) and runs the maintenance commands, so it runs beside the other collections without disturbing them.
/// </summary>
public sealed class CanaryDirectus : LocalDirectus;

[CollectionDefinition(Name)]
public sealed class CanaryDirectusCollection : ICollectionFixture<CanaryDirectus>
{
    public const string Name = "canary directus";
}

/// <summary>
/// A Directus of its own for doctor's policy check: the test grants a non-admin policy access to the credentials,
/// which the demo stack's other tests (and its own doctor run) must never see.
/// </summary>
public sealed class PolicyDirectus : LocalDirectus;

[CollectionDefinition(Name)]
public sealed class PolicyDirectusCollection : ICollectionFixture<PolicyDirectus>
{
    public const string Name = "policy directus";
}

/// <summary>
/// A Directus of its own for the schema-driven fuzzing: its valid calls create profiles, queue jobs and replace
/// credentials at random, which the other tests must never see.
/// </summary>
public sealed class FuzzDirectus : LocalDirectus;

[CollectionDefinition(Name)]
public sealed class FuzzDirectusCollection : ICollectionFixture<FuzzDirectus>
{
    public const string Name = "fuzz directus";
}
