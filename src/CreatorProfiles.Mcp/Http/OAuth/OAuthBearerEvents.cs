using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using CreatorProfiles.Mcp.CallPipeline;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Callers;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace CreatorProfiles.Mcp.Http;

/// <summary>
/// What happens around the JWT bearer handler's validation in <c>--auth oauth</c>. A valid token's claim
/// (OAUTH_USER_CLAIM) names the Directus user, looked up with the service token (<see cref="ExternalIdentityResolver"/>);
/// a client's own token (client credentials: sub is the client id, no user claim) is matched by its client id. Every
/// refusal, whatever its reason, is the same 401 (<see cref="OAuthResourceServer.UnauthorizedBody"/>) with the
/// challenge that points at the metadata; the reason goes to one audit line. A request without a valid token takes
/// from its address's bucket as in directus-token mode (429 when empty); Directus or the provider being unreachable is
/// 503, not the caller's fault.
/// </summary>
internal sealed class OAuthBearerEvents(
    OAuthResourceServer server,
    ExternalIdentityResolver resolver,
    UnauthenticatedRateLimiter unauthenticated,
    AuditLog audit,
    ILogger<OAuthBearerEvents> logger) : JwtBearerEvents
{
    private const string RefusalKey = "creatorprofiles:oauth-refusal";
    private const string UnavailableKey = "creatorprofiles:oauth-unavailable";

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        context.HttpContext.Items[RefusalKey] = Reason(context.Exception);
        if (context.Exception is InvalidOperationException && context.Exception.Message.Contains("IDX20803", StringComparison.Ordinal))
        {
            // The provider's discovery document or keys could not be read.
            context.HttpContext.Items[UnavailableKey] = "the OpenID provider";
            logger.LogWarning("Could not read the OpenID provider's metadata at {Authority}: {Problem}", server.Authority, context.Exception.Message);
        }

        return Task.CompletedTask;
    }

    public override async Task TokenValidated(TokenValidatedContext context)
    {
        var token = context.Principal!;
        var (field, value) = UserReference(token);
        Caller? caller = null;
        if (value is not null)
        {
            try
            {
                caller = await resolver.ResolveAsync(field, value, context.HttpContext.RequestAborted);
            }
            catch (DataAccessException e)
            {
                context.HttpContext.Items[UnavailableKey] = "Directus";
                logger.LogWarning("Could not look up a token's Directus user: {Problem}", e.Message);
                context.Fail("Directus unavailable");
                return;
            }
        }

        if (caller is null)
        {
            context.HttpContext.Items[RefusalKey] = value is null ? "no_user_claim" : "no_directus_user";
            context.Fail("no Directus user");
            return;
        }

        var identity = (ClaimsIdentity)DirectusBearerHandler.ToPrincipal(caller).Identity!;
        var scopes = token.FindAll("scope").Concat(token.FindAll("scp"))
            .SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal);
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
            identity.Claims.Concat(scopes.Select(scope => new Claim(OAuthBearer.ScopeClaim, scope))), OAuthBearer.SchemeName));
    }

    public override async Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var http = context.HttpContext;
        if (http.Items.TryGetValue(UnavailableKey, out var unavailable) && unavailable is string who)
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "5";
            await http.Response.WriteAsync($"{who} is not answering, so the token cannot be checked. Retry shortly.\n");
            return;
        }

        var tokenSent = http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        var reason = http.Items.TryGetValue(RefusalKey, out var known) && known is string r ? r : tokenSent ? "invalid_token" : "no_token";
        if (await unauthenticated.TryAcquireAsync(http.Connection.RemoteIpAddress, http.RequestAborted) is { } seconds)
        {
            // Past the address's bucket, a flood of bad tokens is answered without an audit line each: the log stays
            // readable, and the refusals that were let through are all in it.
            var retryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = retryAfter;
            await http.Response.WriteAsync("Too many requests without a valid token from this address. Retry after " + retryAfter + " s.\n");
            return;
        }

        audit.Write(AuditLine.ForHttp(http, "unknown", "http/authenticate", "refused:" + reason), Stopwatch.GetTimestamp());
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = server.UnauthorizedChallenge(tokenSent);
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsync(server.UnauthorizedBody);
    }

    /// <summary>Which Directus user field to match, and the token's value for it (null: the token names nobody).
    /// OAUTH_USER_CLAIM email matches the e-mail address, only with email_verified true; sub or oid (Entra ID's per-tenant object id, for its sub is
    /// pairwise per application) match external_identifier. A client's own token (client credentials: its subject
    /// is its client id) is matched by that id in external_identifier whatever the setting.</summary>
    private (string Field, string? Value) UserReference(ClaimsPrincipal token)
    {
        var subject = token.FindFirst("sub")?.Value;
        if (!string.IsNullOrEmpty(subject) && subject == token.FindFirst("client_id")?.Value)
        {
            return ("external_identifier", subject);
        }

        if (server.UserClaim == "email")
        {
            // An address the provider has not verified may be anyone's (some providers let people type one in): it names
            // nobody, or a token could sign in as the Directus user who owns that address.
            var verified = string.Equals(token.FindFirst("email_verified")?.Value, "true", StringComparison.OrdinalIgnoreCase);
            return ("email", verified && token.FindFirst("email")?.Value is { Length: > 0 } email ? email : null);
        }

        var value = token.FindFirst(server.UserClaim)?.Value;
        return ("external_identifier", string.IsNullOrEmpty(value) ? null : value);
    }

    /// <summary>The audit line's word for why the handler refused a token.</summary>
    private static string Reason(Exception exception) => exception switch
    {
        SecurityTokenExpiredException => "expired",
        SecurityTokenNotYetValidException => "not_yet_valid",
        SecurityTokenNoExpirationException => "no_expiry",
        SecurityTokenInvalidIssuerException => "wrong_issuer",
        SecurityTokenInvalidAudienceException => "wrong_audience",
        SecurityTokenSignatureKeyNotFoundException => "unknown_key",
        SecurityTokenInvalidAlgorithmException => "algorithm_refused",
        SecurityTokenInvalidSignatureException => "bad_signature",
        SecurityTokenMalformedException or ArgumentException => "malformed",
        _ => "invalid_token",
    };
}
