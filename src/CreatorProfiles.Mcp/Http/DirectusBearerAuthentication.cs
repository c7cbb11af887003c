using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Callers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreatorProfiles.Mcp.Http;

/// <summary>
/// `Authorization: Bearer &lt;the caller's Directus token&gt;` (docs/deployment.md). Directus says whose token it is
/// (<see cref="CallerTokenValidator"/>); the caller becomes a principal with the Directus user id as its
/// NameIdentifier (which the MCP SDK also uses to pin a stateful session to its user). A missing or refused token is
/// answered 401 with a WWW-Authenticate header and no word on which of the two it was; Directus being unreachable is
/// answered 503, since the caller did nothing wrong. A request without a token known to be valid first takes from its
/// address's bucket (<see cref="UnauthenticatedRateLimiter"/>): over it, 429 with Retry-After and no Directus call.
/// </summary>
internal sealed class DirectusBearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    CallerTokenValidator validator,
    UnauthenticatedRateLimiter unauthenticated) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "DirectusBearer";
    public const string AdminClaim = "creatorprofiles:admin";
    public const string Challenge = "Bearer realm=\"creator-profiles-mcp\"";

    private const string UnavailableKey = "creatorprofiles:directus-unavailable";
    private const string CountedKey = "creatorprofiles:unauthenticated-counted";
    private const string LimitedKey = "creatorprofiles:unauthenticated-limited";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return AuthenticateResult.NoResult();
        }

        var token = header[7..].Trim();
        if (validator.Peek(token) is CallerTokenValidator.Standing.Unknown or CallerTokenValidator.Standing.Refused && !await TakeUnauthenticatedAsync())
        {
            return AuthenticateResult.Fail("rate limited");
        }

        Caller? caller;
        try
        {
            caller = await validator.ValidateAsync(token, Context.RequestAborted);
        }
        catch (DataAccessException e)
        {
            Context.Items[UnavailableKey] = true;
            Logger.LogWarning("Could not check a caller's token: {Problem}", e.Message);
            return AuthenticateResult.Fail("Directus unavailable");
        }

        return caller is null
            ? AuthenticateResult.Fail("token refused")
            : AuthenticateResult.Success(new AuthenticationTicket(ToPrincipal(caller), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(UnavailableKey))
        {
            await WriteDirectusUnavailableAsync(Context, "the token cannot be checked");
            return;
        }

        if (!Context.Items.ContainsKey(CountedKey))
        {
            await TakeUnauthenticatedAsync();
        }

        if (Context.Items.TryGetValue(LimitedKey, out var limited) && limited is int seconds)
        {
            var retryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = retryAfter;
            await Response.WriteAsync("Too many requests without a valid token from this address (at most " +
                unauthenticated.PerMinute.ToString(CultureInfo.InvariantCulture) + " per minute). Retry after " + retryAfter + " s.\n");
            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Challenge;
        await Response.WriteAsync("Send your Directus access token as 'Authorization: Bearer <token>'.\n");
    }

    /// <summary>Takes one token from the client address's bucket; false (and noted for the challenge) when empty.</summary>
    private async ValueTask<bool> TakeUnauthenticatedAsync()
    {
        Context.Items[CountedKey] = true;
        if (await unauthenticated.TryAcquireAsync(Context.Connection.RemoteIpAddress, Context.RequestAborted) is not { } seconds)
        {
            return true;
        }

        Context.Items[LimitedKey] = seconds;
        return false;
    }

    /// <summary>503 + Retry-After: who is calling cannot be known while Directus is down, and that is not the caller's fault.</summary>
    public static Task WriteDirectusUnavailableAsync(HttpContext context, string consequence)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        return context.Response.WriteAsync($"Directus is not answering, so {consequence}. Retry shortly.\n");
    }

    public static ClaimsPrincipal ToPrincipal(Caller caller)
    {
        List<Claim> claims = [new(ClaimTypes.NameIdentifier, caller.UserId), new(AdminClaim, caller.IsAdmin ? "true" : "false")];
        if (caller.RoleName is not null)
        {
            claims.Add(new Claim(ClaimTypes.Role, caller.RoleName));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
    }

    public static Caller? FromPrincipal(ClaimsPrincipal? principal) =>
        principal?.FindFirst(ClaimTypes.NameIdentifier)?.Value is { } id
            ? new Caller(id, string.Equals(principal.FindFirst(AdminClaim)?.Value, "true", StringComparison.Ordinal))
            {
                RoleName = principal.FindFirst(ClaimTypes.Role)?.Value,
            }
            : null;
}

/// <summary>
/// HTTP mode: the caller of the current request, from the principal the authentication step made. With the
/// Streamable HTTP transport each MCP request is its own HTTP request; with legacy SSE it is the principal of the
/// SSE connection, which the SDK checks every POSTed message against (same user id, else 403).
/// </summary>
internal sealed class HttpCallerAccessor(IHttpContextAccessor http) : ICallerAccessor
{
    public ValueTask<Caller> GetCallerAsync(CancellationToken cancellationToken) =>
        DirectusBearerHandler.FromPrincipal(http.HttpContext?.User) is { } caller
            ? ValueTask.FromResult(caller)
            : throw new InvalidOperationException("No authenticated caller on this request.");
}

/// <summary>
/// `--no-auth` (loopback only): every request acts as the owner of DIRECTUS_TOKEN, as in stdio. For local tools
/// that cannot send a header (the MCP conformance suite); refused at start on any non-loopback address.
/// </summary>
internal sealed class ServiceTokenPrincipalMiddleware(ServiceTokenCallerAccessor serviceCaller) : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            context.User = DirectusBearerHandler.ToPrincipal(await serviceCaller.GetCallerAsync(context.RequestAborted));
        }
        catch (DataAccessException)
        {
            await DirectusBearerHandler.WriteDirectusUnavailableAsync(context, "the service token's owner is unknown");
            return;
        }

        await next(context);
    }
}
