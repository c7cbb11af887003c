using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CreatorProfiles.Mcp.Directus;

/// <summary>Source-generated JSON metadata for every Directus payload (Native AOT needs it; it is also faster).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(DirectusList<EncryptedFieldRow>))]
[JsonSerializable(typeof(DirectusItem<EncryptedFieldRow>))]
[JsonSerializable(typeof(DirectusList<ProfileRecord>))]
[JsonSerializable(typeof(DirectusItem<ProfileRecord>))]
[JsonSerializable(typeof(DirectusList<AggregateRow>))]
[JsonSerializable(typeof(DirectusItem<DirectusUser>))]
[JsonSerializable(typeof(DirectusList<DirectusUser>))]
[JsonSerializable(typeof(DirectusItem<DirectusGlobalAccess>))]
[JsonSerializable(typeof(DirectusItem<DirectusCollection>))]
[JsonSerializable(typeof(DirectusList<DirectusField>))]
[JsonSerializable(typeof(DirectusList<DirectusPolicy>))]
[JsonSerializable(typeof(DirectusList<DirectusPermission>))]
[JsonSerializable(typeof(DirectusErrorBody))]
[JsonSerializable(typeof(DirectusList<MediaJobRecord>))]
[JsonSerializable(typeof(DirectusItem<MediaJobRecord>))]
[JsonSerializable(typeof(DirectusList<HitlSessionRecord>))]
[JsonSerializable(typeof(DirectusItem<HitlSessionRecord>))]
[JsonSerializable(typeof(DirectusList<ScrapedMediaRecord>))]
[JsonSerializable(typeof(DirectusItem<DecryptJobRecord>))]
public sealed partial class DirectusJsonContext : JsonSerializerContext;
