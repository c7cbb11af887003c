using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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
/// script, no caching, no framing, no referrer). A POST must come from the page itself: the Host is this loopback
/// listener (DNS rebinding), the Origin and Sec-Fetch-Site, when the browser sends them, say same-origin, and the CSRF
/// token of the hidden field equals the SameSite=Strict cookie set with the page and is one the store issued for this
/// link. Nothing here logs or echoes a submitted value.
/// </summary>
internal sealed class CredentialsEntryPage(CredentialsEntryLinkStore links, ILogger<CredentialsEntryPage> logger)
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

    public async Task HandleAsync(HttpContext context)
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
        if (!IsOwnHost(request.Host, context.Connection.LocalPort))
        {
            // Another name for this address (DNS rebinding) or a proxy: this page only answers to its own URL.
            await WriteAsync(context, StatusCodes.Status421MisdirectedRequest,
                CredentialsEntryHtml.Message("Wrong address", "This page only answers at the 127.0.0.1 address it was linked with."));
            return;
        }

        var path = request.Path.Value ?? "";
        var token = path.StartsWith(PathPrefix, StringComparison.Ordinal) ? path[PathPrefix.Length..] : null;
        if (token is null || token.Length == 0 || token.Contains('/', StringComparison.Ordinal))
        {
            await WriteAsync(context, StatusCodes.Status404NotFound, CredentialsEntryHtml.Message("Not found", "There is nothing here."));
            return;
        }

        if (HttpMethods.IsGet(request.Method))
        {
            await ShowAsync(context, token, links.Open(token, request.Cookies[CsrfCookie]), StatusCodes.Status200OK);
        }
        else if (HttpMethods.IsPost(request.Method))
        {
            await SubmitAsync(context, token);
        }
        else
        {
            headers.Allow = "GET, POST";
            await WriteAsync(context, StatusCodes.Status405MethodNotAllowed, CredentialsEntryHtml.Message("Not allowed", "Open the link in a browser."));
        }
    }

    private async Task SubmitAsync(HttpContext context, string token)
    {
        var request = context.Request;
        if (!IsSameOrigin(request, context.Connection.LocalPort))
        {
            logger.LogWarning("Credentials entry: a POST from another origin was refused");
            await WriteAsync(context, StatusCodes.Status403Forbidden,
                CredentialsEntryHtml.Message("Refused", "This form can only be sent from its own page. Nothing was stored."));
            return;
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, CredentialsEntryHtml.Message("Too large", "The form was too large. Nothing was stored."));
            return;
        }

        if (!request.HasFormContentType || !MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            await WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, CredentialsEntryHtml.Message("Unsupported", "Send the form from its page. Nothing was stored."));
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
            await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, CredentialsEntryHtml.Message("Too large", "The form was too large. Nothing was stored."));
            return;
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, CredentialsEntryHtml.Message("Unreadable", "The form could not be read. Nothing was stored."));
            return;
        }

        var csrf = Single(form, CredentialsEntryHtml.CsrfField);
        var cookie = request.Cookies[CsrfCookie];
        var submission = ReadCredentials(form) with
        {
            // Double submit: the hidden field must equal the SameSite=Strict cookie; the store then checks it issued it.
            CsrfToken = csrf is not null && cookie is not null && FixedTimeEquals(csrf, cookie) ? csrf : null,
        };

        var outcome = await links.SubmitAsync(token, submission, context.RequestAborted);
        await ShowAsync(context, token, outcome, outcome.Kind switch
        {
            CredentialsEntryResult.Invalid => StatusCodes.Status422UnprocessableEntity,
            CredentialsEntryResult.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status200OK,
        });
    }

    private static Task ShowAsync(HttpContext context, string token, CredentialsEntryOutcome outcome, int formStatus)
    {
        switch (outcome.Kind)
        {
            case CredentialsEntryResult.Open or CredentialsEntryResult.Invalid or CredentialsEntryResult.Unavailable:
                context.Response.Cookies.Append(CsrfCookie, outcome.CsrfToken!, new CookieOptions
                {
                    Path = PathPrefix + token,
                    HttpOnly = true,
                    SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict,
                    MaxAge = outcome.ExpiresAt - DateTimeOffset.UtcNow is { } left && left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1),
                    IsEssential = true,
                });
                return WriteAsync(context, formStatus, CredentialsEntryHtml.Form(outcome.Target!, outcome.ExpiresAt!.Value, outcome.CsrfToken!, outcome.Message));
            case CredentialsEntryResult.Stored:
                return WriteAsync(context, StatusCodes.Status200OK, CredentialsEntryHtml.Stored(outcome.Target!, outcome.StoredFields!));
            case CredentialsEntryResult.Gone:
                return WriteAsync(context, StatusCodes.Status410Gone, CredentialsEntryHtml.Message("This link no longer works", outcome.Message!, outcome.Target));
            case CredentialsEntryResult.Forbidden:
                return WriteAsync(context, StatusCodes.Status403Forbidden, CredentialsEntryHtml.Message("Refused", outcome.Message!, outcome.Target));
            case CredentialsEntryResult.Busy:
                return WriteAsync(context, StatusCodes.Status409Conflict, CredentialsEntryHtml.Message("Please wait", outcome.Message!, outcome.Target));
            default:
                return WriteAsync(context, StatusCodes.Status404NotFound, CredentialsEntryHtml.Message("This link is not valid", outcome.Message!));
        }
    }

    /// <summary>
    /// The form's fields as credentials: email and username (trimmed), password (as typed: spaces may matter), and up to
    /// two extra name/value pairs. Empty fields are left out. <see cref="CredentialsEntryForm.Problem"/> says what is
    /// missing or malformed, naming fields, never quoting a value.
    /// </summary>
    internal static CredentialsEntryForm ReadCredentials(IFormCollection form)
    {
        var credentials = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? problem = null;
        void Refuse(string text) => problem ??= text;

        if (Single(form, CredentialsEntryHtml.EmailField)?.Trim() is { Length: > 0 } email)
        {
            credentials[CredentialsEntryHtml.EmailField] = email;
        }

        if (Single(form, CredentialsEntryHtml.UsernameField)?.Trim() is { Length: > 0 } username)
        {
            credentials[CredentialsEntryHtml.UsernameField] = username;
        }

        if (credentials.Count == 0)
        {
            Refuse("Type the email or the username the account signs in with (or both).");
        }

        if (Single(form, CredentialsEntryHtml.PasswordField) is { Length: > 0 } password)
        {
            credentials[CredentialsEntryHtml.PasswordField] = password;
        }
        else
        {
            Refuse("Type the password.");
        }

        for (var i = 1; i <= CredentialsEntryHtml.ExtraFields; i++)
        {
            var name = Single(form, CredentialsEntryHtml.ExtraNameField(i))?.Trim() ?? "";
            var value = Single(form, CredentialsEntryHtml.ExtraValueField(i)) ?? "";
            var which = i.ToString(CultureInfo.InvariantCulture);
            if (name.Length == 0 && value.Length == 0)
            {
                continue;
            }

            if (name.Length == 0)
            {
                Refuse($"Extra field {which} has a value but no name.");
            }
            else if (name.Length > ArgumentRules.MaxCredentialNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                Refuse($"The name of extra field {which} may only use letters, digits, '.', '_' or '-' (at most {ArgumentRules.MaxCredentialNameLength}).");
            }
            else if (credentials.ContainsKey(name) || name is CredentialsEntryHtml.EmailField or CredentialsEntryHtml.UsernameField or CredentialsEntryHtml.PasswordField)
            {
                Refuse($"The name of extra field {which} repeats another field's name.");
            }
            else if (value.Length == 0)
            {
                Refuse($"Extra field {which} has a name but no value.");
            }
            else
            {
                credentials[name] = value;
            }
        }

        if (credentials.Values.Any(v => v!.Length > ArgumentRules.MaxCredentialValueLength))
        {
            Refuse($"A value is longer than {ArgumentRules.MaxCredentialValueLength} characters.");
        }

        return new CredentialsEntryForm(null, credentials, problem);
    }

    private static bool IsOwnHost(HostString host, int port) =>
        host.Port == port && (host.Host == "127.0.0.1" || host.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Origin, when sent and not "null", must be this listener; Sec-Fetch-Site, when sent, must be same-origin. A
    /// browser posting this page's form sends <c>Origin: null</c> (the page's Referrer-Policy is no-referrer) with
    /// <c>Sec-Fetch-Site: same-origin</c>; a cross-site form sends its own origin or cross-site. Clients that send
    /// neither (curl, tests) still need the CSRF token and cookie.
    /// </summary>
    private static bool IsSameOrigin(HttpRequest request, int port)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && origin != "null")
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.Port != port
                || !(uri.Host == "127.0.0.1" || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) || uri.AbsolutePath != "/")
            {
                return false;
            }
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        return site.Length == 0 || site == "same-origin";
    }

    private static string? Single(IFormCollection form, string key) =>
        form.TryGetValue(key, out var values) && values.Count == 1 ? values[0] : null;

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

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
