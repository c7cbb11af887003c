using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CreatorProfiles.Mcp.CallPipeline;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using CreatorProfiles.Mcp.Domain.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace CreatorProfiles.Mcp.CredentialsEntry;

/// <summary>
/// Serves <c>GET|POST /credentials-entry/{token}</c>: the form, and its submission to
/// <see cref="CredentialsEntryLinkStore.SubmitAsync"/>. Every response carries the security headers (CSP without
/// script, no caching, no framing, no referrer). A POST must come from the page itself: the Host is the page's own
/// (<see cref="CredentialsEntrySite"/>: DNS rebinding), the Origin and Sec-Fetch-Site, when the browser sends them, say same-origin, and the CSRF
/// token of the hidden field equals the SameSite=Strict cookie set with the page and is one
/// <see cref="ICredentialsEntryCsrfTokens"/> issued for this link (shared by the replicas with REDIS_URL). The words come from <see cref="CredentialsEntryWording"/>. Nothing here logs or echoes a submitted value.
/// </summary>
internal sealed partial class CredentialsEntryPage(
    CredentialsEntryLinkStore links, ICredentialsEntryCsrfTokens csrfTokens, CredentialsEntrySite site, AuditLog auditLog, ILogger<CredentialsEntryPage> logger)
{
    public const string PathPrefix = "/credentials-entry/";

    /// <summary>Largest accepted request body: 64 KiB is room for every field at full length in ordinary text.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public const string CsrfCookie = "cp_entry_csrf";

    private static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src {CredentialsEntryHtml.StyleHash}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static readonly FormOptions FormLimits = new()
    {
        BufferBody = false,
        ValueCountLimit = 16,
        KeyLengthLimit = 64,
        ValueLengthLimit = MaxBodyBytes,
        MultipartBodyLengthLimit = MaxBodyBytes,
    };

    /// <summary>Answers one request and writes its audit line (<c>entry:open</c> for a GET, <c>entry:submit</c> for a
    /// POST, <c>entry:other</c> else), whatever happens.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var audit = new CredentialsEntryAudit();
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = MaxBodyBytes; // the HTTP app's own limit is larger (MCP requests)
        }

        try
        {
            await AnswerAsync(context, audit);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            audit.Outcome = "cancelled";
            throw;
        }
        finally
        {
            var method = context.Request.Method;
            var action = HttpMethods.IsGet(method) ? "entry:open" : HttpMethods.IsPost(method) ? "entry:submit" : "entry:other";
            var line = AuditLine.ForHttp(context, audit.OwnerId ?? CredentialsEntryAudit.Anonymous, action, audit.Outcome) with { Target = audit.ProfileId };
            auditLog.Write(line, started);
        }
    }

    private async Task AnswerAsync(HttpContext context, CredentialsEntryAudit audit)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.CacheControl = "no-store, max-age=0";
        headers.Pragma = "no-cache";
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";

        var request = context.Request;
        if (!site.IsOwnHost(context))
        {
            // Another name for this address (DNS rebinding) or a proxy: this page only answers to its own URL.
            audit.Outcome = "wrong_host";
            await WriteAsync(context, StatusCodes.Status421MisdirectedRequest,
                CredentialsEntryHtml.Message(CredentialsEntryWording.WrongHostTitle, CredentialsEntryWording.WrongHost));
            return;
        }

        var path = request.Path.Value ?? "";
        var token = path.StartsWith(PathPrefix, StringComparison.Ordinal) ? path[PathPrefix.Length..] : null;
        if (token is null || token.Length == 0 || token.Contains('/', StringComparison.Ordinal))
        {
            audit.Outcome = "bad_link";
            await WriteAsync(context, StatusCodes.Status404NotFound, CredentialsEntryHtml.Message(CredentialsEntryWording.NoPageTitle, CredentialsEntryWording.NoPage));
            return;
        }

        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsPost(request.Method))
        {
            await AnswerLinkAsync(context, token, audit);
        }
        else
        {
            audit.Outcome = "method_not_allowed";
            headers.Allow = "GET, POST";
            await WriteAsync(context, StatusCodes.Status405MethodNotAllowed, CredentialsEntryHtml.Message(CredentialsEntryWording.MethodTitle, CredentialsEntryWording.Method));
        }
    }

    private async Task SubmitAsync(HttpContext context, string token, CredentialsEntryAudit audit)
    {
        // Refused before the form is read: one read of the link, so the audit line still names its owner and profile
        // (a submission's own outcome names them without it).
        async Task RefuseAsync(string outcome, int status, string title, string text)
        {
            audit.Identify(await links.OpenAsync(token, context.RequestAborted));
            audit.Outcome = outcome;
            await WriteAsync(context, status, CredentialsEntryHtml.Message(title, text));
        }

        var request = context.Request;
        if (!IsSameOrigin(context))
        {
            logger.LogWarning("Credentials entry: a POST from another origin was refused");
            await RefuseAsync("cross_origin", StatusCodes.Status403Forbidden, CredentialsEntryWording.RefusedTitle, CredentialsEntryWording.CrossOrigin);
            return;
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            await RefuseAsync("too_large", StatusCodes.Status413PayloadTooLarge, CredentialsEntryWording.TooLargeTitle, CredentialsEntryWording.TooLarge);
            return;
        }

        if (!request.HasFormContentType || !MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            await RefuseAsync("unsupported_media_type", StatusCodes.Status415UnsupportedMediaType, CredentialsEntryWording.UnsupportedTitle, CredentialsEntryWording.Unsupported);
            return;
        }

        IFormCollection form;
        try
        {
            context.Features.Set<IFormFeature>(new FormFeature(request, FormLimits));
            form = await request.ReadFormAsync(context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await RefuseAsync("too_large", StatusCodes.Status413PayloadTooLarge, CredentialsEntryWording.TooLargeTitle, CredentialsEntryWording.TooLarge);
            return;
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            await RefuseAsync("unreadable_form", StatusCodes.Status400BadRequest, CredentialsEntryWording.UnreadableTitle, CredentialsEntryWording.Unreadable);
            return;
        }

        // Double submit: the hidden field must equal the SameSite=Strict cookie, and be a token issued for this link.
        var csrf = CredentialsEntryFormReader.Single(form, CredentialsEntryHtml.CsrfField);
        var cookie = request.Cookies[CsrfCookie];
        var verified = csrf is not null && cookie is not null && FixedTimeEquals(csrf, cookie) && await csrfTokens.IsIssuedAsync(token, csrf, context.RequestAborted);
        var submission = CredentialsEntryFormReader.ReadCredentials(form) with { Verified = verified };

        var outcome = await links.SubmitAsync(token, submission, context.RequestAborted);
        audit.Record(outcome);
        await ShowAsync(context, token, outcome, outcome.Kind switch
        {
            CredentialsEntryResult.Invalid => StatusCodes.Status422UnprocessableEntity,
            CredentialsEntryResult.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status200OK,
        }, verified ? csrf : null, submission);
    }

    /// <summary>Answers with the outcome: the form (with a CSRF token, <paramref name="knownCsrf"/> when this link
    /// issued it) while the link is open, else why not.</summary>
    private async Task ShowAsync(HttpContext context, string token, CredentialsEntryOutcome outcome, int formStatus, string? knownCsrf, CredentialsEntryForm? submitted)
    {
        if (outcome.Kind is CredentialsEntryResult.Stored or CredentialsEntryResult.Gone or CredentialsEntryResult.NotFound)
        {
            await csrfTokens.ForgetAsync(token, context.RequestAborted);
        }

        var csrf = outcome.Kind is CredentialsEntryResult.Open or CredentialsEntryResult.Invalid or CredentialsEntryResult.Unavailable
            ? await csrfTokens.IssueAsync(token, knownCsrf, outcome.ExpiresAt!.Value, context.RequestAborted)
            : null;
        await RenderAsync(context, token, outcome, formStatus, csrf, submitted);
    }

    private static Task RenderAsync(HttpContext context, string token, CredentialsEntryOutcome outcome, int formStatus, string? csrf, CredentialsEntryForm? submitted)
    {
        switch (outcome.Kind)
        {
            case CredentialsEntryResult.Open or CredentialsEntryResult.Invalid or CredentialsEntryResult.Unavailable:
                context.Response.Cookies.Append(CsrfCookie, csrf!, new CookieOptions
                {
                    Path = PathPrefix + token,
                    HttpOnly = true,
                    SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict,
                    MaxAge = outcome.ExpiresAt - DateTimeOffset.UtcNow is { } left && left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1),
                    IsEssential = true,
                    Secure = context.Request.IsHttps, // behind a TLS proxy too: the forwarded scheme counts
                });
                return WriteAsync(context, formStatus, CredentialsEntryHtml.Form(outcome.Target!, outcome.ExpiresAt!.Value, csrf!, CredentialsEntryWording.FormError(outcome, submitted)));
            case CredentialsEntryResult.Stored:
                return WriteAsync(context, StatusCodes.Status200OK, CredentialsEntryHtml.Stored(outcome.Target!, outcome.StoredFields!));
            case CredentialsEntryResult.Gone:
                return WriteAsync(context, StatusCodes.Status410Gone, CredentialsEntryHtml.Message(CredentialsEntryWording.GoneTitle, CredentialsEntryWording.Gone(outcome.CloseReason), outcome.Target));
            case CredentialsEntryResult.Forbidden:
                return WriteAsync(context, StatusCodes.Status403Forbidden, CredentialsEntryHtml.Message(CredentialsEntryWording.RefusedTitle, CredentialsEntryWording.Forbidden, outcome.Target));
            case CredentialsEntryResult.Busy:
                return WriteAsync(context, StatusCodes.Status409Conflict, CredentialsEntryHtml.Message(CredentialsEntryWording.BusyTitle, CredentialsEntryWording.Busy, outcome.Target));
            default:
                return WriteAsync(context, StatusCodes.Status404NotFound, CredentialsEntryHtml.Message(CredentialsEntryWording.NotFoundTitle, CredentialsEntryWording.NotFound));
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, string html)
    {
        if (status >= 400 && !HttpMethods.IsGet(context.Request.Method) && context.Features.Get<IFormFeature>() is not { Form: not null })
        {
            // A refused body is not read: close the connection rather than have Kestrel drain it or a client reuse it.
            context.Response.Headers.Connection = "close";
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html, context.RequestAborted);
    }
}
