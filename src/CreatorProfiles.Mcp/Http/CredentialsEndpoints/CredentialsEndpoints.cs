using System.Text.Json;
using CreatorProfiles.Mcp.CallPipeline;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.Domain.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorProfiles.Mcp.Http;

/// <summary>
/// The web app's and the media worker's credential endpoints (docs/credentials.md), HTTP mode only:
/// <c>POST /api/credentials/encrypt</c> for any authenticated caller, <c>POST /api/credentials/decrypt</c> only for
/// callers whose Directus role is in CREDENTIALS_DECRYPT_ROLES, for a profile's running job. The two handlers and their JSON shapes live here; the
/// rate limit, error mapping and audit in <see cref="CredentialsEndpointFilter"/>, the body in
/// <see cref="SensitiveBodyReader"/>, the rules and the crypto in the domain (<see cref="CredentialsService"/>,
/// <see cref="CredentialsDecryptService"/>).
/// </summary>
/// <remarks>
/// Order of checks, the same for every request: authenticated (401, by the authorization policy) -> rate limit
/// (429) -> decrypt only: role (403, before the body is read, so the answer is the same whatever was sent) -> body
/// (415, 413, 400) -> domain (400; 403 not_bound_to_work, one body for every way of missing a running job; 404, 422,
/// 503). Every call, refused or not, writes one audit line (caller, client, request id, action, the profile id and the
/// job id when given as uuids, the key fingerprint of a decrypt, outcome, duration); nothing here logs a value, and
/// messages name fields and problems, never what was sent.
/// </remarks>
internal static class CredentialsEndpoints
{
    public const string EncryptPath = "/api/credentials/encrypt";
    public const string DecryptPath = "/api/credentials/decrypt";

    private const string EncryptAction = "api/credentials/encrypt";
    private const string DecryptAction = "api/credentials/decrypt";

    private const string DecryptShape =
        "{\"profile_id\": \"<uuid>\", \"job_id\": \"<uuid of its running job>\", \"source\": \"credentials\" | \"cookies\"}";

    /// <summary>Maps both endpoints; the caller adds RequireAuthorization.</summary>
    public static RouteGroupBuilder MapCredentialsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/credentials");
        group.MapPost("/encrypt", (RequestDelegate)EncryptAsync);
        group.MapPost("/decrypt", (RequestDelegate)DecryptAsync);
        return group;
    }

    private static Task EncryptAsync(HttpContext context) =>
        CredentialsEndpointFilter.HandleAsync(context, EncryptAction, async (caller, call) =>
        {
            if (!context.RequestServices.GetRequiredService<CredentialsCipherProvider>().IsConfigured)
            {
                throw new CredentialsEndpointRefusedException(CredentialsEndpointRefusal.NotConfigured, CredentialsCipherProvider.NotConfiguredMessage);
            }

            var body = await SensitiveBodyReader.ReadBodyAsync(context, CredentialsEndpointsJsonContext.Default.EncryptRequestBody,
                "{\"credentials\": {\"username\": \"...\", \"password\": \"...\"}}");
            SensitiveBodyReader.RefuseUnknown(body.Unknown, "The encrypt body takes one field, 'credentials'.");
            var credentials = ObjectOfStrings(body.Credentials);
            var encrypted = context.RequestServices.GetRequiredService<CredentialsService>().EncryptCredentials(credentials);
            await CredentialsEndpointFilter.WriteAsync(context, StatusCodes.Status200OK, new EncryptResponse(encrypted.Enc), CredentialsEndpointsJson.Relaxed.EncryptResponse);
        });

    private static Task DecryptAsync(HttpContext context) =>
        CredentialsEndpointFilter.HandleAsync(context, DecryptAction, async (caller, call) =>
        {
            var service = context.RequestServices.GetRequiredService<CredentialsDecryptService>();
            service.EnsureMayDecrypt(caller); // before the body: the same 403 whatever was sent
            var body = await SensitiveBodyReader.ReadBodyAsync(context, CredentialsEndpointsJsonContext.Default.DecryptRequestBody, DecryptShape);
            SensitiveBodyReader.RefuseUnknown(body.Unknown, "The decrypt body takes 'profile_id' with 'job_id' and an optional 'source' (or 'enc', where the server allows it).");
            var profileId = OptionalString(body.ProfileId, "profile_id", "a UUID such as 3f2b8c1e-5d4a-4b6f-9e21-7c0d5a9b1f42");
            call.Target = AuditLog.Target(profileId);
            var source = OptionalString(body.Source, "source", "\"credentials\" (default) or \"cookies\"");
            // A job_id of the wrong JSON type is just another malformed id: the domain gives it the one refusal.
            var jobId = body.JobId is { ValueKind: JsonValueKind.String } job ? job.GetString() : body.JobId is null ? null : "";
            call.Job = AuditLog.Target(jobId);

            var result = await service.DecryptAsync(caller, new DecryptRequest(body.Enc, profileId, source, jobId), context.RequestAborted);
            context.Response.Headers.CacheControl = "no-store";
            await CredentialsEndpointFilter.WriteAsync(context, StatusCodes.Status200OK, new DecryptResponse(
                result.ProfileId,
                result.Source,
                result.SessionId is null ? null : new SessionInfo(result.SessionId, result.ExpiresAt),
                result.Format,
                result.Key,
                result.KeyFingerprint,
                result.NeedsReencryption,
                result.Credentials), CredentialsEndpointsJson.Relaxed.DecryptResponse);
        });

    private static string? OptionalString(JsonElement? value, string field, string allowed) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { } other => throw SensitiveBodyReader.Invalid($"'{field}' must be a string: {allowed}; found {ArgumentRules.Describe(other.ValueKind)}."),
    };

    /// <summary>The credentials object as name -> value; the domain then applies the usual rules (1-32 fields, names,
    /// value lengths). Values are never quoted: a wrong one is named by its field.</summary>
    private static Dictionary<string, string?>? ObjectOfStrings(JsonElement? value)
    {
        if (value is not { } element)
        {
            return null; // "missing", in the domain's words
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw SensitiveBodyReader.Invalid($"'credentials' must be an object of strings such as {{\"username\": \"...\", \"password\": \"...\"}}; found {ArgumentRules.Describe(element.ValueKind)}.");
        }

        var credentials = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw SensitiveBodyReader.Invalid($"'credentials' field {ArgumentRules.Quote(property.Name)} is {ArgumentRules.Describe(property.Value.ValueKind)}; every value must be a string (values are never shown).");
            }

            if (!credentials.TryAdd(property.Name, property.Value.GetString()))
            {
                throw SensitiveBodyReader.Invalid($"'credentials' field {ArgumentRules.Quote(property.Name)} appears more than once.");
            }
        }

        return credentials;
    }
}
