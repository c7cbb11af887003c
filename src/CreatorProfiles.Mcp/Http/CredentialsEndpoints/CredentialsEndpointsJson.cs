using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CreatorProfiles.Mcp.Http;

/// <summary>POST /api/credentials/encrypt: <c>{"credentials": {name: string, ...}}</c>. Fields are JSON elements so that
/// a wrong type is answered with our own message (the serializer's could quote the value).</summary>
internal sealed class EncryptRequestBody
{
    [JsonPropertyName("credentials")]
    public JsonElement? Credentials { get; set; }

    /// <summary>Any other field: refused by name.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>POST /api/credentials/decrypt: <c>{"profile_id": uuid, "job_id": uuid, "source"?: "credentials"|"cookies"}</c>,
/// or <c>{"enc": stored value}</c> where CREDENTIALS_DECRYPT_ALLOW_ENC allows it.</summary>
internal sealed class DecryptRequestBody
{
    [JsonPropertyName("enc")]
    public JsonElement? Enc { get; set; }

    [JsonPropertyName("profile_id")]
    public JsonElement? ProfileId { get; set; }

    [JsonPropertyName("source")]
    public JsonElement? Source { get; set; }

    [JsonPropertyName("job_id")]
    public JsonElement? JobId { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary>The encrypt answer is exactly the envelope to store: <c>{"enc": "v1:..."}</c>.</summary>
internal sealed record EncryptResponse(string Enc);

/// <summary>The decrypt answer. <see cref="Credentials"/> is last, so that the metadata reads first.</summary>
internal sealed record DecryptResponse(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProfileId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Source,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SessionInfo? Session,
    string Format,
    string? Key,
    string? KeyFingerprint,
    bool NeedsReencryption,
    IReadOnlyDictionary<string, string> Credentials);

/// <summary>Where cookies came from: the platform_sessions row and its expiry (null = never expires).</summary>
internal sealed record SessionInfo(string Id, DateTimeOffset? ExpiresAt);

/// <summary>Every refusal: a stable code and a message that names the problem, never a value.</summary>
internal sealed record ErrorResponse(
    string Error,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RetryAfterSeconds = null);

/// <summary>Source-generated (reflection is off in this host, and Native AOT needs it). Duplicate field names are
/// refused, so a body cannot say two things at once.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    AllowDuplicateProperties = false,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(EncryptRequestBody))]
[JsonSerializable(typeof(DecryptRequestBody))]
[JsonSerializable(typeof(EncryptResponse))]
[JsonSerializable(typeof(DecryptResponse))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class CredentialsEndpointsJsonContext : JsonSerializerContext;

/// <summary>
/// What the endpoints write with: the generated metadata, with answers keeping '+', '&lt;', non-ASCII text and so on
/// as they are (valid JSON; the default encoder would write base64's '+' as \u002B and every non-Latin credential
/// character as an escape). A class of its own, so that <see cref="CredentialsEndpointsJsonContext.Default"/> is set
/// before it is read (static initialisers of a partial class run in an unspecified file order).
/// </summary>
internal static class CredentialsEndpointsJson
{
    public static CredentialsEndpointsJsonContext Relaxed { get; } = new(new JsonSerializerOptions(CredentialsEndpointsJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
