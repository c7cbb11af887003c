using System.Text.Json;

namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>
/// A decrypt request, already read from its JSON body: exactly one of <see cref="Enc"/> (a stored value handed in:
/// an envelope object, a bare <c>"v1:..."</c> string or legacy plaintext) and <see cref="ProfileId"/> (read the
/// profile's stored <see cref="Source"/>: credentials, the default, or cookies).
/// </summary>
public sealed record DecryptRequest(JsonElement? Enc, string? ProfileId, string? Source);
