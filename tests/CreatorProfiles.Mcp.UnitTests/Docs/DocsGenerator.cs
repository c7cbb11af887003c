using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.Tools;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.UnitTests.Docs;

/// <summary>
/// Writes the reference tables of docs/ from the code: the tools table from the reviewed tool snapshots, the
/// configuration table and .mcp/server.json's variables from <see cref="ServerSettings.Variables"/>. Output is
/// deterministic (fixed order, \n line ends) so that a difference always means the code changed.
/// </summary>
internal static class DocsGenerator
{
    /// <summary>Where the reviewed tools/list entries live, relative to the repository root.</summary>
    public const string ToolSnapshotsFolder = "src/CreatorProfiles.Mcp.Tools/Catalog/ToolSnapshots";

    public const string ToolsDoc = "docs/tools.md";
    public const string ConfigurationDoc = "docs/configuration.md";
    public const string ServerJson = "src/CreatorProfiles.Mcp/.mcp/server.json";

    public static readonly Markers ToolsMarkers = new("<!-- START GENERATED TOOLS -->", "<!-- END GENERATED TOOLS -->");
    public static readonly Markers ConfigurationMarkers = new("<!-- START GENERATED CONFIGURATION -->", "<!-- END GENERATED CONFIGURATION -->");

    public static string Root { get; } = FindRoot();

    /// <summary>One row per tool, by toolset (in their documented order), then by name.</summary>
    public static string ToolsTable()
    {
        var toolsets = ToolsetsByTool();
        var tools = Directory.EnumerateFiles(Path.Combine(Root, ToolSnapshotsFolder), "*.json")
            .Select(path => JsonNode.Parse(File.ReadAllText(path))!.AsObject())
            .Select(tool =>
            {
                var name = (string)tool["name"]!;
                var toolset = toolsets.TryGetValue(name, out var t) ? t
                    : throw new InvalidOperationException($"{ToolSnapshotsFolder}/{name}.json: no [McpServerTool] method of a [Toolset] class has that name.");
                return (Name: name, Toolset: toolset, Tool: tool);
            })
            .OrderBy(t => ToolCatalogOptions.ToolsetNames.ToList().IndexOf(t.Toolset))
            .ThenBy(t => t.Name, StringComparer.Ordinal);

        var table = new StringBuilder()
            .Append("Generated from `").Append(ToolSnapshotsFolder).Append("/*.json`; arguments marked `*` are required.\n\n")
            .Append("| tool | toolset | read-only | arguments | description |\n")
            .Append("|---|---|---|---|---|\n");
        foreach (var (name, toolset, tool) in tools)
        {
            var readOnly = (bool?)tool["annotations"]?["readOnlyHint"] == true ? "yes" : "no";
            table.Append($"| `{name}` | {toolset} | {readOnly} | {Arguments(tool)} | {Cell((string?)tool["description"])} |\n");
        }

        return table.ToString();
    }

    /// <summary>One row per variable, in the order the server reads them.</summary>
    public static string ConfigurationTable()
    {
        var table = new StringBuilder()
            .Append("Generated from `ServerSettings.Variables` (src/CreatorProfiles.Mcp/Configuration/).\n\n")
            .Append("| variable | required | default | secret | transports | description |\n")
            .Append("|---|---|---|---|---|---|\n");
        foreach (var variable in ServerSettings.Variables)
        {
            var shownDefault = variable.DefaultValue is { } value ? $"`{value}`"
                : variable.WhenUnset is { } unset ? $"(unset: {Cell(unset)})"
                : "";
            table.Append($"| `{variable.Name}` | {(variable.Required ? "yes" : "no")} | {shownDefault} | {(variable.Secret ? "yes" : "no")} | {(variable.HttpOnly ? "http" : "stdio, http")} | {Cell(variable.Description)} |\n");
        }

        return table.ToString();
    }

    /// <summary>server.json with its environmentVariables rewritten from the declared list: the package runs stdio,
    /// so HTTP-only variables are left out, and so are families of names (SCRAPE_COOLDOWN_&lt;PLATFORM&gt;), which the
    /// registry's format cannot name; SCRAPE_COOLDOWN's entry stands for them.</summary>
    public static string ServerJsonWithVariables(string serverJson)
    {
        var root = JsonNode.Parse(serverJson)!.AsObject();
        var variables = new JsonArray();
        foreach (var variable in ServerSettings.Variables.Where(v => !v.HttpOnly && !v.IsPattern))
        {
            var entry = new JsonObject
            {
                ["name"] = variable.Name,
                ["description"] = variable.WhenUnset is { } unset ? $"{variable.Description} Unset: {unset}." : variable.Description,
                ["isRequired"] = variable.Required,
            };
            if (variable.Secret)
            {
                entry["isSecret"] = true;
            }

            entry["format"] = variable.FilePath ? "filepath" : "string";
            if (variable.DefaultValue is { } value)
            {
                entry["default"] = value;
            }

            variables.Add(entry);
        }

        foreach (var package in root["packages"]!.AsArray())
        {
            package!["environmentVariables"] = variables.DeepClone();
        }

        return root.ToJsonString(JsonOptions) + "\n";
    }

    /// <summary><paramref name="document"/> with the text between the markers replaced by <paramref name="content"/>.</summary>
    public static string ReplaceBetween(string document, Markers markers, string content, string file)
    {
        var start = document.IndexOf(markers.Start, StringComparison.Ordinal);
        var end = document.IndexOf(markers.End, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException($"{file}: the markers {markers.Start} and {markers.End} are missing or out of order.");
        }

        var from = start + markers.Start.Length;
        return string.Concat(document.AsSpan(0, from), "\n", content, document.AsSpan(end));
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Required arguments first, each group by name.</summary>
    private static string Arguments(JsonObject tool)
    {
        var required = tool["inputSchema"]?["required"]?.AsArray().Select(r => (string)r!).ToHashSet(StringComparer.Ordinal) ?? [];
        var names = tool["inputSchema"]?["properties"]?.AsObject().Select(p => p.Key) ?? [];
        var listed = names.OrderBy(n => required.Contains(n) ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal)
            .Select(n => required.Contains(n) ? $"`{n}`*" : $"`{n}`")
            .ToList();
        return listed.Count == 0 ? "(none)" : string.Join(", ", listed);
    }

    private static string Cell(string? text) =>
        (text ?? "").ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal).Trim();

    /// <summary>Tool name to toolset, from the [Toolset] classes' [McpServerTool] methods, as the server registers them.</summary>
    private static Dictionary<string, string> ToolsetsByTool() =>
        typeof(ToolCatalogOptions).Assembly.GetTypes()
            .Select(type => (Type: type, Toolset: type.GetCustomAttribute<ToolsetAttribute>()?.Name))
            .Where(t => t.Toolset is not null)
            .SelectMany(t => t.Type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Select(m => m.GetCustomAttribute<McpServerToolAttribute>()?.Name)
                .Where(name => name is not null)
                .Select(name => KeyValuePair.Create(name!, t.Toolset!)))
            .ToDictionary(StringComparer.Ordinal);

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

    internal sealed record Markers(string Start, string End);
}
