using System.Text.Json;

namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>
/// A decrypt request, already read from its JSON body: exactly one of <see cref="Enc"/> (a stored value handed in:
/// an envelope object, a bare <c>"v1:..."</c> string or legacy plaintext; refused unless CREDENTIALS_DECRYPT_ALLOW_ENC
/// is on) and <see cref="ProfileId"/> (read the profile's stored <see cref="Source"/>: credentials, the default, or
/// cookies), the latter with <see cref="JobId"/>: the profile's <c>running</c> media job the plaintext is for.
/// </summary>
public sealed record DecryptRequest(JsonElement? Enc, string? ProfileId, string? Source, string? JobId = null);
