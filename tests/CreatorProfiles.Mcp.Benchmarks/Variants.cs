namespace CreatorProfiles.Mcp.Benchmarks;

/// <summary>How one build of the server is launched; <paramref name="IsReference"/> marks the Node reference server
/// (<see cref="NodeReference"/>), which is measured beside our builds but has none of our tools.</summary>
internal sealed record ServerVariant(string Name, string Description, string Command, IReadOnlyList<string> Arguments, bool IsReference = false)
{
    public (string Command, List<string> Arguments) With(params string[] serverArguments) =>
        (Command, [.. Arguments, .. serverArguments]);
}

internal static class Variants
{
    public const string DotnetRun = "dotnet-run";
    public const string Fdd = "fdd";
    public const string R2r = "r2r";
    public const string Aot = "aot";

    /// <summary>Cold-start order: slowest first, so a warm file cache helps every later one equally.</summary>
    public static readonly string[] All = [DotnetRun, Fdd, R2r, Aot];

    /// <summary>The builds that run as "the published server" (dotnet run is a developer loop, not a deployment).</summary>
    public static readonly string[] Published = [Fdd, R2r, Aot];

    public static ServerVariant? Resolve(string name, string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        return name switch
        {
            // `dotnet run` after a build: the SDK checks the project is up to date, then starts the app as a child.
            DotnetRun when File.Exists(path) => new(name, "dotnet run --project (built; up-to-date check + JIT)", "dotnet",
                ["run", "--project", path, "-c", "Release", "--no-launch-profile", "--"]),
            Fdd or R2r when File.Exists(Path.Combine(path, "CreatorProfiles.Mcp.dll")) => new(name,
                name == Fdd ? "framework-dependent publish (dotnet X.dll, JIT)" : "framework-dependent publish, ReadyToRun",
                "dotnet", [Path.Combine(path, "CreatorProfiles.Mcp.dll")]),
            Aot when File.Exists(Path.Combine(path, "CreatorProfiles.Mcp")) => new(name, "Native AOT (linux-x64)",
                Path.Combine(path, "CreatorProfiles.Mcp"), []),
            _ => null,
        };
    }
}
