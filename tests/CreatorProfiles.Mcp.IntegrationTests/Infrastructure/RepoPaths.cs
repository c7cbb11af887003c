namespace CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string StackScript => Path.Combine(Root, "samples", "directus", "stack.sh");

    public static string TypeScriptClientDir => Path.Combine(Root, "tests", "clients", "ts");

    /// <summary>@modelcontextprotocol/inspector (its CLI), installed by tests/run.sh.</summary>
    public static string InspectorClientDir => Path.Combine(Root, "tests", "clients", "inspector");

    /// <summary>@modelcontextprotocol/conformance, installed by tests/run.sh.</summary>
    public static string ConformanceDir => Path.Combine(Root, "tests", "clients", "conformance");

    /// <summary>The test OpenID provider (oidc-provider), installed by tests/run.sh.</summary>
    public static string OidcProviderDir => Path.Combine(Root, "tests", "clients", "oidc");

    /// <summary>This test project's source folder: golden files are read from and regenerated into it, not bin/.</summary>
    public static string IntegrationTestsDir => Path.Combine(Root, "tests", "CreatorProfiles.Mcp.IntegrationTests");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CreatorProfiles.Mcp.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CreatorProfiles.Mcp.sln not found above " + AppContext.BaseDirectory);
    }
}
