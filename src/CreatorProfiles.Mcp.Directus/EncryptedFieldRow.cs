using System.Text.Json;

namespace CreatorProfiles.Mcp.Directus;

/// <summary>
/// A row as the credentials maintenance commands read it: its id and the one encrypted json column they work on
/// (<c>creator_profiles.credentials</c> or <c>platform_sessions.cookies</c>; the other stays null). The raw value
/// never leaves the domain layer.
/// </summary>
public sealed record EncryptedFieldRow(string Id, JsonElement? Credentials = null, JsonElement? Cookies = null);
