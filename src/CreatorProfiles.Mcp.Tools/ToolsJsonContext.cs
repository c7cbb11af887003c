using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.Domain.Paging;
using CreatorProfiles.Mcp.Domain.Profiles;
using CreatorProfiles.Mcp.Domain.Scrapes;
using ModelContextProtocol;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>Source-generated JSON for every tool result: snake_case, nulls left out (compact results).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Page<ProfileView>))]
[JsonSerializable(typeof(ProfileView))]
[JsonSerializable(typeof(ProfileDetails))]
[JsonSerializable(typeof(ProfileStats))]
[JsonSerializable(typeof(PlatformList))]
[JsonSerializable(typeof(SetProfileCredentialsResult))]
[JsonSerializable(typeof(CredentialsStatusResult))]
[JsonSerializable(typeof(EncryptCredentialsResult))]
[JsonSerializable(typeof(CredentialsEntryRequested))]
[JsonSerializable(typeof(Dictionary<string, string?>))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonNode))]
[JsonSerializable(typeof(TriggerResult))]
[JsonSerializable(typeof(JobView))]
[JsonSerializable(typeof(Page<JobView>))]
[JsonSerializable(typeof(Page<HitlView>))]
[JsonSerializable(typeof(Page<MediaView>))]
[JsonSerializable(typeof(CreatorProfiles.Mcp.Domain.Dashboard.ScrapeDashboard))]
internal sealed partial class ToolsJsonContext : JsonSerializerContext;

/// <summary>The options every tool, resource and prompt is registered with. Kept out of the generated context's
/// class on purpose: static initializers of a partial class run in file order, so an initializer there could read
/// <c>ToolsJsonContext.Default</c> before it is set (JIT builds hide that by falling back to reflection; Native AOT
/// fails at start).</summary>
internal static class ToolsJson
{
    /// <summary>Our types first, then the SDK's own (needed for its protocol types and parameter binding).</summary>
    public static JsonSerializerOptions Options { get; } = new(McpJsonUtilities.DefaultOptions)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ToolsJsonContext.Default, McpJsonUtilities.DefaultOptions.TypeInfoResolver!),
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, // also names the properties of output schemas
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
