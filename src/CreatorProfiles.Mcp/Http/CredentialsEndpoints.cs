using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.Domain.Validation;
using CreatorProfiles.Mcp.CallPipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreatorProfiles.Mcp.Http;

/// <summary>
/// The seed web app's and the media worker's credential endpoints (DESIGN.md section 6b), HTTP mode only:
/// <c>POST /api/credentials/encrypt</c> for any authenticated caller, <c>POST /api/credentials/decrypt</c> only for
/// callers whose Directus role is in CREDENTIALS_DECRYPT_ROLES. This file is HTTP only (body limits, JSON shapes,
/// status codes, audit, rate limit); the rules and the crypto are the domain's (<see cref="CredentialsService"/>,
/// <see cref="CredentialsDecryptService"/>).
/// </summary>
/// <remarks>
/// Order of checks, the same for every request: authenticated (401, by the authorization policy) -> rate limit
/// (429) -> decrypt only: role (403, before the body is read, so the answer is the same whatever was sent) -> body
/// (415, 413, 400) -> domain (400, 404, 422, 503). Every call, refused or not, writes one audit line (caller,
/// action, the profile id when one was given and is a uuid, outcome, duration); nothing here logs a value, and
/// messages name fields and problems, never what was sent.
/// </remarks>
internal static class CredentialsEndpoints
{
    public const string EncryptPath = "/api/credentials/encrypt";
    public const string DecryptPath = "/api/credentials/decrypt";

    /// <summary>Bodies are a few KiB in practice (credentials: at most 32 fields of 8192 characters).</summary>
    public const int MaxBodyBytes = 256 * 1024;

    private const string EncryptAction = "api/credentials/encrypt";
    private const string DecryptAction = "api/credentials/decrypt";

    private const string DecryptShape =
        "{\"enc\": <stored value>} or {\"profile_id\": \"<uuid>\", \"source\": \"credentials\" | \"cookies\"}";

    /// <summary>Maps both endpoints; the caller adds RequireAuthorization.</summary>
    public static RouteGroupBuilder MapCredentialsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/credentials");
        group.MapPost("/encrypt", (RequestDelegate)EncryptAsync);
        group.MapPost("/decrypt", (RequestDelegate)DecryptAsync);
        return group;
    }

    private static Task EncryptAsync(HttpContext context) =>
        HandleAsync(context, EncryptAction, async (caller, call) =>
        {
            if (!context.RequestServices.GetRequiredService<ICredentialsCipherProvider>().IsConfigured)
            {
                throw new CredentialsAccessException(CredentialsAccessError.NotConfigured, CredentialsCipherProvider.NotConfiguredMessage);
            }

            var body = await ReadBodyAsync(context, CredentialsEndpointsJsonContext.Default.EncryptRequestBody,
                "{\"credentials\": {\"username\": \"...\", \"password\": \"...\"}}");
            RefuseUnknown(body.Unknown, "The encrypt body takes one field, 'credentials'.");
            var credentials = ObjectOfStrings(body.Credentials);
            var encrypted = context.RequestServices.GetRequiredService<CredentialsService>().EncryptCredentials(credentials);
            await WriteAsync(context, StatusCodes.Status200OK, new EncryptResponse(encrypted.Enc), CredentialsEndpointsJson.Relaxed.EncryptResponse);
        });

    private static Task DecryptAsync(HttpContext context) =>
        HandleAsync(context, DecryptAction, async (caller, call) =>
        {
            var service = context.RequestServices.GetRequiredService<CredentialsDecryptService>();
            service.EnsureMayDecrypt(caller); // before the body: the same 403 whatever was sent
            var body = await ReadBodyAsync(context, CredentialsEndpointsJsonContext.Default.DecryptRequestBody, DecryptShape);
            RefuseUnknown(body.Unknown, "The decrypt body takes 'enc', or 'profile_id' with an optional 'source'.");
            var profileId = OptionalString(body.ProfileId, "profile_id", "a UUID such as 3f2b8c1e-5d4a-4b6f-9e21-7c0d5a9b1f42");
            call.Target = AuditLog.Target(profileId);
            var source = OptionalString(body.Source, "source", "\"credentials\" (default) or \"cookies\"");

            var result = await service.DecryptAsync(caller, new DecryptRequest(body.Enc, profileId, source), context.RequestAborted);
            context.Response.Headers.CacheControl = "no-store";
            await WriteAsync(context, StatusCodes.Status200OK, new DecryptResponse(
                result.ProfileId,
                result.Source,
                result.SessionId is null ? null : new SessionInfo(result.SessionId, result.ExpiresAt),
                result.Format,
                result.Key,
                result.KeyFingerprint,
                result.NeedsReencryption,
                result.Credentials), CredentialsEndpointsJson.Relaxed.DecryptResponse);
        });

    /// <summary>What one call records for its audit line.</summary>
    private sealed class Call
    {
        public string? Target { get; set; }
    }

    /// <summary>Rate limit, run, map every failure to a status and a JSON error, and write one audit line.</summary>
    private static async Task HandleAsync(HttpContext context, string action, Func<Caller, Call, Task> run)
    {
        var started = Stopwatch.GetTimestamp();
        var services = context.RequestServices;
        var caller = DirectusBearerHandler.FromPrincipal(context.User)
            ?? throw new InvalidOperationException("The credential endpoints are mapped with RequireAuthorization.");
        var call = new Call();
        var outcome = "error";
        try
        {
            if (services.GetRequiredService<CallerRateLimiter>().TryAcquire(caller.UserId, action) is { } refusal)
            {
                outcome = "rate_limited";
                context.Response.Headers.RetryAfter = refusal.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, "rate_limited", refusal.Message, refusal.RetryAfterSeconds);
                return;
            }

            await run(caller, call);
            outcome = "ok";
        }
        catch (EndpointRefusal e)
        {
            outcome = e.Code;
            await WriteErrorAsync(context, e.Status, e.Code, e.Message);
        }
        catch (CredentialsAccessException e)
        {
            var (status, code) = Map(e);
            outcome = code;
            await WriteErrorAsync(context, status, code, e.Message);
        }
        catch (InvalidArgumentException e)
        {
            outcome = "invalid_request";
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "invalid_request", e.Message);
        }
        catch (DataAccessException e)
        {
            var unavailable = e.Failure == DataAccessFailure.Unavailable;
            outcome = "directus_error";
            if (unavailable)
            {
                context.Response.Headers.RetryAfter = "5";
            }

            await WriteErrorAsync(context, unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway, "directus_error", e.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            outcome = "cancelled";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The type only: an exception's message could quote what it was working on.
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CredentialsEndpoints))
                .LogError("{Action} failed unexpectedly: {ExceptionType}", action, e.GetType().Name);
            await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "internal_error",
                $"'{action}' failed unexpectedly on the server; nothing was stored. Try again, and report it if it repeats.");
        }
        finally
        {
            services.GetRequiredService<AuditLog>().Write(caller.UserId, "api:" + action["api/".Length..], call.Target, outcome, started);
        }
    }

    private static (int Status, string Code) Map(CredentialsAccessException e) => e.Error switch
    {
        CredentialsAccessError.Forbidden => (StatusCodes.Status403Forbidden, "forbidden"),
        CredentialsAccessError.NotFound => (StatusCodes.Status404NotFound, "not_found"),
        CredentialsAccessError.NoCookies => (StatusCodes.Status404NotFound, "no_cookies"),
        CredentialsAccessError.NotConfigured => (StatusCodes.Status503ServiceUnavailable, "not_configured"),
        CredentialsAccessError.Unreadable => (StatusCodes.Status422UnprocessableEntity, Code(e.ReadStatus) ?? "unreadable"),
        _ => (StatusCodes.Status400BadRequest, Code(e.ReadStatus) ?? "invalid_request"),
    };

    /// <summary>Why a value could not be read, as a stable snake_case code.</summary>
    private static string? Code(CredentialsVerifyStatus? status) => status switch
    {
        CredentialsVerifyStatus.MalformedEnvelope => "malformed_envelope",
        CredentialsVerifyStatus.InvalidBase64 => "invalid_base64",
        CredentialsVerifyStatus.InvalidLength => "invalid_length",
        CredentialsVerifyStatus.KeyMismatchOrTampered => "key_mismatch_or_tampered",
        CredentialsVerifyStatus.InvalidPlaintext => "invalid_plaintext",
        _ => null,
    };

    /// <summary>
    /// Reads a JSON object body of at most <see cref="MaxBodyBytes"/>. Problems become <see cref="EndpointRefusal"/>s
    /// whose messages say where (line, byte) but never quote the body: the serializer's own messages can.
    /// </summary>
    private static async Task<T> ReadBodyAsync<T>(HttpContext context, JsonTypeInfo<T> type, string shape) where T : class
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            throw new EndpointRefusal(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                $"Send the body as JSON with 'Content-Type: application/json': {shape}.");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            throw TooLarge();
        }

        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBodyBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, MaxBodyBytes + 1) - length), context.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > MaxBodyBytes)
                {
                    throw TooLarge();
                }
            }

            return Parse(buffer.AsSpan(0, length), type, shape);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length)); // the body may hold plaintext credentials
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static T Parse<T>(ReadOnlySpan<byte> utf8, JsonTypeInfo<T> type, string shape) where T : class
    {
        var start = utf8.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0)
        {
            throw Invalid($"The body is empty; send a JSON object: {shape}.");
        }

        if (utf8[start] != (byte)'{')
        {
            throw Invalid($"The body must be a JSON object: {shape}.");
        }

        try
        {
            return JsonSerializer.Deserialize(utf8, type) ?? throw Invalid($"The body must be a JSON object: {shape}.");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line && e.BytePositionInLine is { } position
                ? $" (line {(line + 1).ToString(CultureInfo.InvariantCulture)}, byte {(position + 1).ToString(CultureInfo.InvariantCulture)})"
                : "";
            throw Invalid($"The body is not valid JSON{where}: check quotes, commas and braces; a field name may appear only once. Expected {shape}.");
        }
    }

    private static void RefuseUnknown(Dictionary<string, JsonElement>? unknown, string allowed)
    {
        if (unknown is { Count: > 0 })
        {
            throw Invalid($"Unknown field(s) {string.Join(", ", unknown.Keys.Take(5).Select(ArgumentRules.Quote))}. {allowed}");
        }
    }

    private static string? OptionalString(JsonElement? value, string field, string allowed) => value switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { } other => throw Invalid($"'{field}' must be a string: {allowed}; found {ArgumentRules.Describe(other.ValueKind)}."),
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
            throw Invalid($"'credentials' must be an object of strings such as {{\"username\": \"...\", \"password\": \"...\"}}; found {ArgumentRules.Describe(element.ValueKind)}.");
        }

        var credentials = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw Invalid($"'credentials' field {ArgumentRules.Quote(property.Name)} is {ArgumentRules.Describe(property.Value.ValueKind)}; every value must be a string (values are never shown).");
            }

            if (!credentials.TryAdd(property.Name, property.Value.GetString()))
            {
                throw Invalid($"'credentials' field {ArgumentRules.Quote(property.Name)} appears more than once.");
            }
        }

        return credentials;
    }


    private static Task WriteErrorAsync(HttpContext context, int status, string code, string message, int? retryAfterSeconds = null) =>
        context.Response.HasStarted
            ? Task.CompletedTask
            : WriteAsync(context, status, new ErrorResponse(code, message, retryAfterSeconds), CredentialsEndpointsJson.Relaxed.ErrorResponse);

    private static Task WriteAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> type)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(value, type, "application/json; charset=utf-8", context.RequestAborted);
    }

    private static EndpointRefusal Invalid(string message) => new(StatusCodes.Status400BadRequest, "invalid_request", message);

    private static EndpointRefusal TooLarge() => new(StatusCodes.Status413PayloadTooLarge, "payload_too_large",
        $"The body is larger than {(MaxBodyBytes / 1024).ToString(CultureInfo.InvariantCulture)} KiB; credentials and cookies are far smaller.");

    /// <summary>A request refused before it reaches the domain (body size, type, JSON shape).</summary>
    private sealed class EndpointRefusal(int status, string code, string message) : Exception(message)
    {
        public int Status { get; } = status;
        public string Code { get; } = code;
    }
}
