using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CreatorProfiles.Mcp.IntegrationTests.Golden;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace CreatorProfiles.Mcp.IntegrationTests.Packaging;

/// <summary>
/// The .NET tool / MCP server package: what it carries, and that it installs from a folder feed into a clean tool
/// path (and runs with dnx) and then serves the reviewed tools against the local Directus over stdio.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed partial class ToolPackageTests(LocalDirectus directus, ToolPackage package, ITestOutputHelper output) : IClassFixture<ToolPackage>
{
    [Fact]
    public void The_package_is_a_dotnet_tool_and_an_mcp_server_whose_server_json_names_this_package_and_version()
    {
        output.WriteLine($"{Path.GetFileName(package.PackageFile)}: {new FileInfo(package.PackageFile).Length / 1024} KiB, packed in {package.PackTime.TotalSeconds:F1} s");
        Assert.Equal(ToolPackage.PackageId, package.Metadata("id"));
        var packageTypes = package.NuspecMetadata.Descendants().Where(e => e.Name.LocalName == "packageType").Select(e => (string)e.Attribute("name")!);
        Assert.Equal(["DotnetTool", "McpServer"], packageTypes.Order());
        Assert.Equal("README.md", package.Metadata("readme"));
        Assert.Contains("README.md", package.Entries());
        // Framework-dependent and RID-agnostic: one package for every OS (README "Installing the package").
        var settings = XDocument.Parse(package.ReadEntry("tools/net10.0/any/DotnetToolSettings.xml"));
        var command = settings.Descendants("Command").Single();
        Assert.Equal(ToolPackage.CommandName, (string?)command.Attribute("Name"));
        Assert.Equal("CreatorProfiles.Mcp.dll", (string?)command.Attribute("EntryPoint"));
        Assert.True(new FileInfo(package.PackageFile).Length < 10 * 1024 * 1024, "the package grew past 10 MiB: check what pack picked up");

        var server = package.ServerJson();
        Assert.Matches(@"^https://static\.modelcontextprotocol\.io/schemas/\d{4}-\d{2}-\d{2}/server\.schema\.json$", (string?)server["$schema"]);
        Assert.Matches("^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$", (string?)server["name"]);
        Assert.Contains($"mcp-name: {server["name"]}", package.ReadEntry("README.md")); // how the MCP Registry verifies a NuGet package
        Assert.InRange(((string?)server["description"])?.Length ?? 0, 1, 100); // the schema's bounds
        Assert.Equal(package.Version, (string?)server["version"]);
        var entry = Assert.Single(server["packages"]!.AsArray())!.AsObject();
        Assert.Equal("nuget", (string?)entry["registryType"]);
        Assert.Equal(ToolPackage.PackageId, (string?)entry["identifier"]);
        Assert.Equal(package.Version, (string?)entry["version"]);
        Assert.Equal("stdio", (string?)entry["transport"]!["type"]);

        var variables = entry["environmentVariables"]!.AsArray().Select(v => v!.AsObject()).ToDictionary(v => (string)v["name"]!);
        Assert.True((bool?)variables["DIRECTUS_URL"]["isRequired"]);
        Assert.True((bool?)variables["DIRECTUS_TOKEN"]["isRequired"]);
        Assert.True((bool?)variables["DIRECTUS_TOKEN"]["isSecret"]);
        Assert.True((bool?)variables["CREDENTIALS_ENC_KEY_B64"]["isSecret"]);
        Assert.All(variables.Values, v => Assert.False(string.IsNullOrWhiteSpace((string?)v["description"]), (string)v["name"]! + " has no description"));
        Assert.All(variables.Keys.Where(n => n.Contains("TOKEN", StringComparison.Ordinal) || n.Contains("KEY", StringComparison.Ordinal)),
            name => Assert.True((bool?)variables[name]["isSecret"], name + " must be marked isSecret"));
        // Only variables the server documents (docs/configuration.md): a misspelt name would be set and ignored.
        Assert.Empty(variables.Keys.Except(DocumentedVariables()));
    }

    [Fact]
    public async Task The_package_installs_from_a_folder_feed_into_a_clean_tool_path_and_serves_the_tools()
    {
        var toolPath = Path.Combine(package.Root, "tools");
        var clock = Stopwatch.StartNew();
        var install = await ProcessRunner.RunAsync("dotnet",
            ["tool", "install", ToolPackage.PackageId, "--version", package.Version, "--tool-path", toolPath, "--configfile", package.NuGetConfig],
            package.DotnetEnvironment(), workingDirectory: package.Root, timeout: TimeSpan.FromMinutes(3));
        output.WriteLine($"dotnet tool install: {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(install.ExitCode == 0, $"dotnet tool install failed ({install.ExitCode}):\n{install.StandardOutput}\n{install.StandardError}");

        // Started like an MCP client does: the installed command, from a folder that is not the repository.
        await AssertServesToolsAsync(Path.Combine(toolPath, ToolPackage.CommandName), [], "installed tool");
    }

    [Fact]
    public async Task Dnx_runs_the_package_from_the_folder_feed_and_it_serves_the_tools()
    {
        // `dnx` is `dotnet dnx` (the SDK's dnx script runs exactly that; it is not on PATH on every install).
        // --source: that feed only; NUGET_PACKAGES (DotnetEnvironment): dnx unpacks into our own folder.
        await AssertServesToolsAsync("dotnet", ["dnx", $"{ToolPackage.PackageId}@{package.Version}", "--yes", "--source", package.Feed], "dnx");
    }

    private async Task AssertServesToolsAsync(string command, List<string> arguments, string label)
    {
        var environment = new Dictionary<string, string?>(package.DotnetEnvironment());
        foreach (var (key, value) in directus.ServerEnvironment())
        {
            environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        await using var session = await StdioSession.StartCommandAsync(command, arguments, environment, "2025-11-25", workingDirectory: package.Root);
        output.WriteLine($"{label}: spawn -> initialize result {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal("creator-profiles-mcp", session.Client.ServerInfo!.Name);
        Assert.Equal(package.Version, session.Client.ServerInfo!.Version); // the packed build, not some other one

        // Every reviewed tool (ToolSnapshots/) a client without MCP Apps is offered, and nothing else.
        var tools = await session.Client.ListToolsAsync();
        var reviewed = Directory.GetFiles(ToolCatalogTests.SnapshotsRoot, "*.json")
            .Where(file => !ToolCatalogTests.ForMcpAppsHostsOnly(JsonNode.Parse(File.ReadAllText(file))!.AsObject()))
            .Select(Path.GetFileNameWithoutExtension);
        Assert.Equal(reviewed.Order(), tools.Select(t => t.Name).Order());

        // One real call through Directus, checked against Directus's own answer.
        var id = await directus.Rest.ProfileIdAsync("alice_sunrise");
        var row = (await directus.Rest.ItemsAsync("creator_profiles", DirectusRest.Filter(new { id = new { _eq = id } }))).Single()!;
        var result = (await session.Client.CallAsync("get_creator_profile", new { id })).Structured();
        var profile = result["profile"]!.AsObject();
        Assert.Equal(id, (string?)profile["id"]);
        Assert.Equal((string?)row["username"], (string?)profile["untrusted"]!["username"]);
        Assert.Equal((string?)row["platform"], (string?)profile["platform"]);
        Assert.Equal((string?)row["user_id"], (string?)profile["user_id"]);
        Assert.Null(profile["credentials"]);
        Assert.Equal("cookies_valid", (string?)result["auth_state"]); // the seeded row has unexpired cookies
        Assert.DoesNotContain("fail:", session.StandardError);
    }

    /// <summary>The variable names in the first column of the generated configuration table (docs/configuration.md).</summary>
    private static HashSet<string> DocumentedVariables()
    {
        var docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "configuration.md"));
        var section = docs[docs.IndexOf("<!-- START GENERATED CONFIGURATION -->", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("<!-- END GENERATED CONFIGURATION -->", StringComparison.Ordinal)];
        return TableVariable().Matches(section).Select(m => m.Groups[1].Value).ToHashSet();
    }

    [GeneratedRegex(@"^\| `([A-Z0-9_]+)`", RegexOptions.Multiline)]
    private static partial Regex TableVariable();
}
