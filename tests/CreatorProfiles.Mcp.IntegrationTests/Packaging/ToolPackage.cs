using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Packaging;

/// <summary>
/// The server packed once per test class exactly as `dotnet pack src/CreatorProfiles.Mcp` makes it (from the build
/// the tests already have: --no-build), into a folder feed under a temp root that also holds the clean tool path, the
/// NuGet packages folder and a nuget.config whose only source is that feed, so that installing never reads or writes
/// the machine's NuGet state nor reaches a registry. Everything under the root is deleted at the end.
/// </summary>
public sealed class ToolPackage : IAsyncLifetime
{
    public const string PackageId = "CreatorProfiles.Mcp";
    public const string CommandName = "creator-profiles-mcp";

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "creatorprofiles-pack-" + Guid.NewGuid().ToString("N")[..8]);

    public string Feed => Path.Combine(Root, "feed");

    public string NuGetConfig => Path.Combine(Root, "nuget.config");

    public string PackageFile { get; private set; } = "";

    public string Version { get; private set; } = "";

    public XElement NuspecMetadata { get; private set; } = null!;

    public TimeSpan PackTime { get; private set; }

    /// <summary>
    /// Variables for every dotnet command run here: a NuGet packages folder of our own (dnx unpacks there), no MSBuild
    /// node left running after the command (it would keep our stdout pipe open), and none of the MSBuild variables
    /// the test host may carry from `dotnet test`.
    /// </summary>
    public Dictionary<string, string?> DotnetEnvironment() => new()
    {
        ["NUGET_PACKAGES"] = Path.Combine(Root, "nuget-packages"),
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "false",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["MSBuildExtensionsPath"] = null,
        ["MSBuildSDKsPath"] = null,
        ["MSBUILD_EXE_PATH"] = null,
        ["MSBuildLoadMicrosoftTargetsReadOnly"] = null,
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        // The configuration this test assembly was built in: the server beside it was built in the same one.
        var configuration = typeof(ToolPackage).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var project = Path.Combine(RepoPaths.Root, "src", "CreatorProfiles.Mcp", "CreatorProfiles.Mcp.csproj");
        var clock = Stopwatch.StartNew();
        var pack = await ProcessRunner.RunAsync("dotnet",
            ["pack", project, "-c", configuration, "--no-build", "-o", Feed, "--nologo", "-nodeReuse:false"],
            DotnetEnvironment(), timeout: TimeSpan.FromMinutes(5));
        PackTime = clock.Elapsed;
        if (pack.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet pack failed ({pack.ExitCode}):\n{pack.StandardOutput}\n{pack.StandardError}");
        }

        PackageFile = Directory.GetFiles(Feed, "*.nupkg").Single();
        var nuspec = XDocument.Parse(ReadEntry(PackageId + ".nuspec"));
        NuspecMetadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        Version = Metadata("version");

        await File.WriteAllTextAsync(NuGetConfig, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="feed" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
    }

    public string Metadata(string name) => NuspecMetadata.Elements().Single(e => e.Name.LocalName == name).Value;

    public IEnumerable<string> Entries()
    {
        using var zip = ZipFile.OpenRead(PackageFile);
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    public string ReadEntry(string path)
    {
        using var zip = ZipFile.OpenRead(PackageFile);
        var entry = zip.GetEntry(path) ?? throw new InvalidOperationException($"{path} is not in {Path.GetFileName(PackageFile)}");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    public JsonObject ServerJson() => JsonNode.Parse(ReadEntry(".mcp/server.json"))!.AsObject();

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless.
        }

        return Task.CompletedTask;
    }
}
