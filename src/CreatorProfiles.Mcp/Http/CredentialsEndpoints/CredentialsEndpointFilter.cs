using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using CreatorProfiles.Mcp.CallPipeline;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Auditing;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Credentials;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CreatorProfiles.Mcp.Http;

/// <summary>
/// What every credential endpoint call passes through, in this order: the per-caller rate limit (429), the handler,
/// every failure mapped to a status and a JSON error (<see cref="EndpointRefusal"/> and the domain's refusals), and one
/// audit line (caller, client address, request id, action, the profile id and the job id when given as uuids, a
/// decrypt's key fingerprint, outcome, duration). A wrapper of the
/// handler rather than an ASP.NET IEndpointFilter: the endpoints are RequestDelegates (no reflection under Native AOT),
/// and RequestDelegate endpoints do not run endpoint filters. Nothing here logs a value.
/// </summary>
internal static class CredentialsEndpointFilter
{
    /// <summary>What one call records for its audit line.</summary>
    internal sealed class Call
    {
        public string? Target { get; set; }

        /// <summary>The media job a decrypt names (a uuid), whether or not it turned out to be running.</summary>
        public string? Job { get; set; }
    }

    /// <summary>Rate limit, run, map every failure to a status and a JSON error, and write one audit line.</summary>
    public static async Task HandleAsync(HttpContext context, string action, Func<Caller, Call, Task> run)
    {
        var started = Stopwatch.GetTimestamp();
        var services = context.RequestServices;
        var caller = DirectusBearerHandler.FromPrincipal(context.User)
            ?? throw new InvalidOperationException("The credential endpoints are mapped with RequireAuthorization.");
        var call = new Call();
        var facts = AuditFacts.Begin();
        var outcome = "error";
        try
        {
            if (await services.GetRequiredService<CallerRateLimiter>().TryAcquireAsync(caller.UserId, action, cancellationToken: context.RequestAborted) is { } refusal)
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
        catch (CredentialsEndpointRefusedException e)
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
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CredentialsEndpointFilter))
                .LogError("{Action} failed unexpectedly: {ExceptionType}", action, e.GetType().Name);
            await WriteErrorAsync(context, StatusCodes.Status500InternalServerError, "internal_error",
                $"'{action}' failed unexpectedly on the server; nothing was stored. Try again, and report it if it repeats.");
        }
        finally
        {
            var line = AuditLine.ForHttp(context, caller.UserId, "api:" + action["api/".Length..], outcome) with { Target = call.Target, Job = call.Job };
            services.GetRequiredService<AuditLog>().Write(line.With(facts), started);
        }
    }

    private static (int Status, string Code) Map(CredentialsEndpointRefusedException e) => e.Refusal switch
    {
        CredentialsEndpointRefusal.Forbidden => (StatusCodes.Status403Forbidden, "forbidden"),
        CredentialsEndpointRefusal.NotBoundToWork => (StatusCodes.Status403Forbidden, "not_bound_to_work"),
        CredentialsEndpointRefusal.NoCookies => (StatusCodes.Status404NotFound, "no_cookies"),
        CredentialsEndpointRefusal.NotConfigured => (StatusCodes.Status503ServiceUnavailable, "not_configured"),
        CredentialsEndpointRefusal.Unreadable => (StatusCodes.Status422UnprocessableEntity, Code(e.ReadStatus) ?? "unreadable"),
        _ => (StatusCodes.Status400BadRequest, Code(e.ReadStatus) ?? "invalid_request"),
    };

    /// <summary>Why a value could not be read, as a stable snake_case code.</summary>
    private static string? Code(CredentialsCheckOutcome? status) => status?.ToCode();

    public static Task WriteErrorAsync(HttpContext context, int status, string code, string message, int? retryAfterSeconds = null) =>
        context.Response.HasStarted
            ? Task.CompletedTask
            : WriteAsync(context, status, new ErrorResponse(code, message, retryAfterSeconds), CredentialsEndpointsJson.Relaxed.ErrorResponse);

    public static Task WriteAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> type)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(value, type, "application/json; charset=utf-8", context.RequestAborted);
    }

}
