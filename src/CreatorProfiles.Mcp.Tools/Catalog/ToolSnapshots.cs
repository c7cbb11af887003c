using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// Each tool's tools/list entry, reviewed and committed as <c>ToolSnapshots/&lt;tool&gt;.json</c> and embedded in this
/// assembly. The server lists its tools from these files instead of generating their JSON schemas at start-up: the SDK
/// builds a schema by reflection, with about ten custom-attribute lookups per schema node, and in the Native AOT binary
/// that was half of the start-up time (docs/performance.md: cold start under 50 ms). The files cannot drift from the
/// code: ToolCatalogTests compare each with <see cref="GenerateFromMethods"/> (the SDK's tool for the method, shaped by
/// <see cref="ToolSchemaShaper"/>) and regenerate them on request.
/// </summary>
internal static class ToolSnapshots
{
    private const DynamicallyAccessedMemberTypes ToolClassMembers =
        DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.PublicConstructors;

    private static JsonTypeInfo<Tool> ToolJson => (JsonTypeInfo<Tool>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Tool));

    /// <summary>Registers the tools of <typeparamref name="TTools"/>, each listed from its snapshot.</summary>
    public static void AddTools<[DynamicallyAccessedMembers(ToolClassMembers)] TTools>(IMcpServerBuilder builder)
    {
        var classAttributes = typeof(TTools).GetCustomAttributes(inherit: true);
        foreach (var (name, method) in ToolMethods<TTools>())
        {
            var listed = Read(name);
            // What the SDK's own tools carry: the method's attributes, then its class's ([Toolset] among them).
            object[] metadata = [.. method.GetCustomAttributes(inherit: true), .. classAttributes];
            builder.Services.AddSingleton<McpServerTool>(services =>
                new SnapshotTool(listed, metadata, () => CreateFromMethod<TTools>(method, services)));
        }
    }

    /// <summary>Every tool's entry as the SDK generates it from the methods, shaped: what the snapshot files must say.</summary>
    public static IEnumerable<Tool> GenerateFromMethods() =>
        Generate<ProfilesTools>().Concat(Generate<ScrapesTools>()).Concat(Generate<DashboardTools>()).Concat(Generate<CredentialsTools>());

    public static void AddAllTools(IMcpServerBuilder builder)
    {
        AddTools<ProfilesTools>(builder);
        AddTools<ScrapesTools>(builder);
        AddTools<DashboardTools>(builder);
        AddTools<CredentialsTools>(builder);
    }

    private static IEnumerable<Tool> Generate<[DynamicallyAccessedMembers(ToolClassMembers)] TTools>() =>
        ToolMethods<TTools>().Select(t => ToolSchemaShaper.Shape(CreateFromMethod<TTools>(t.Method, services: null).ProtocolTool));

    private static IEnumerable<(string Name, MethodInfo Method)> ToolMethods<[DynamicallyAccessedMembers(ToolClassMembers)] TTools>() =>
        typeof(TTools).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Select(m => (Attribute: m.GetCustomAttribute<McpServerToolAttribute>(), Method: m))
            .Where(t => t.Attribute is not null)
            .Select(t => (t.Attribute!.Name ?? throw new InvalidOperationException($"{typeof(TTools).Name}.{t.Method.Name}: give the tool a Name."), t.Method));

    /// <summary>The SDK's tool for a method, as <c>WithTools&lt;T&gt;</c> builds it (an instance per call, from the
    /// request's services).</summary>
    private static McpServerTool CreateFromMethod<[DynamicallyAccessedMembers(ToolClassMembers)] TTools>(MethodInfo method, IServiceProvider? services) =>
        McpServerTool.Create(method, request => ActivatorUtilities.CreateInstance(request.Services!, typeof(TTools)),
            new McpServerToolCreateOptions { Services = services, SerializerOptions = ToolsJson.Options });

    private static Tool Read(string name)
    {
        using var stream = typeof(ToolSnapshots).Assembly.GetManifestResourceStream($"ToolSnapshots/{name}.json")
            ?? throw new InvalidOperationException(
                $"Tool '{name}' has no snapshot ToolSnapshots/{name}.json: generate it with UPDATE_TOOLSNAPS=true (see ToolCatalogTests).");
        return JsonSerializer.Deserialize(stream, ToolJson)!;
    }
}
