using System.Text.Json.Serialization;

namespace CreatorProfiles.Mcp.Http;

/// <summary>
/// The SDK answers a POST /message for a session that is gone (closed, or ended by the legacy SSE idle timeout) with
/// <c>Results.BadRequest("Session ID not found.")</c>, serialised with the host's JSON options; reflection is off in
/// this host, so without this metadata that answer was a 500 instead of a 400.
/// </summary>
[JsonSerializable(typeof(string))]
internal sealed partial class SdkAnswersJsonContext : JsonSerializerContext;
