using System.Text.Json.Serialization;
using CreatorProfiles.Mcp.Domain.Paging;

namespace CreatorProfiles.Mcp.Domain;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CursorPayload))]
internal sealed partial class DomainJsonContext : JsonSerializerContext;
