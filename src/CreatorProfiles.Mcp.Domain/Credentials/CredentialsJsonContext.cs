using System.Text.Json.Serialization;

namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>Source-generated JSON for the credentials plaintext (an object of strings); no reflection, AOT-safe.</summary>
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class CredentialsJsonContext : JsonSerializerContext;
