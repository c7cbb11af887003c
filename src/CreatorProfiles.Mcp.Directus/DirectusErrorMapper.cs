using System.Net;
using System.Text.Json;
using Polly.Timeout;

namespace CreatorProfiles.Mcp.Directus;

/// <summary>
/// Turns Directus's error answers into <see cref="DirectusException"/>s whose messages say what to do.
/// Used as Refit's exception factory, so every call through <see cref="IDirectusApi"/> gets the same mapping.
/// </summary>
public static class DirectusErrorMapper
{
    public static async ValueTask<Exception?> FromResponseAsync(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        var status = (int)response.StatusCode;
        var entry = await ReadFirstErrorAsync(response).ConfigureAwait(false);
        return FromStatus(status, entry, response.RequestMessage?.Method, response.RequestMessage?.RequestUri);
    }

    public static DirectusException FromStatus(int status, DirectusErrorEntry? entry, HttpMethod? method, Uri? uri)
    {
        var code = entry?.Extensions?.Code;
        var target = Describe(method, uri);
        return (status, code) switch
        {
            (400, "RECORD_NOT_UNIQUE") => new DirectusException(
                DirectusErrorKind.NotUnique,
                $"Directus refused {target}: a record with the same {entry?.Extensions?.Field ?? "unique value"} already exists.",
                status, code, entry?.Extensions?.Field),
            (400, _) => new DirectusException(
                DirectusErrorKind.InvalidRequest,
                $"Directus refused {target} ({code ?? "400"}): {Sanitize(entry?.Message)}. Check the schema with `doctor`.",
                status, code),
            (401, _) => new DirectusException(
                DirectusErrorKind.Unauthorized,
                $"Directus rejected the server's token ({code ?? "401"}) on {target}. Set DIRECTUS_TOKEN to a valid static token and run `doctor`.",
                status, code),
            (403, _) => new DirectusException(
                DirectusErrorKind.ForbiddenOrMissing,
                $"Directus answered 403 on {target}: the item does not exist, or the token's role may not access it.",
                status, code),
            (404, _) => new DirectusException(
                DirectusErrorKind.ForbiddenOrMissing,
                $"Directus answered 404 on {target}: the route or item does not exist. Check DIRECTUS_URL and run `doctor`.",
                status, code),
            ( >= 500, _) => new DirectusException(
                DirectusErrorKind.Unavailable,
                $"Directus is unavailable (HTTP {status}{(code is null ? "" : " " + code)}) on {target}. Check that it is running and healthy (`doctor`), then try again.",
                status, code),
            _ => new DirectusException(
                DirectusErrorKind.Unexpected,
                $"Directus answered HTTP {status}{(code is null ? "" : " " + code)} on {target}.",
                status, code),
        };
    }

    /// <summary>Refit's transport exception factory: network failures and timeouts (after the resilience pipeline
    /// has retried reads) become <see cref="DirectusException"/>s, so callers handle one exception type.</summary>
    public static Exception FromTransportException(HttpRequestMessage request, Exception exception, CancellationToken cancellationToken) =>
        exception switch
        {
            OperationCanceledException when cancellationToken.IsCancellationRequested => exception,
            TimeoutRejectedException or OperationCanceledException => FromTransportFailure(exception, request.Method, request.RequestUri, timedOut: true),
            _ => FromTransportFailure(exception, request.Method, request.RequestUri, timedOut: false),
        };

    /// <summary>Refit's deserialization exception factory: a 2xx answer that is not Directus's JSON (a proxy's page,
    /// a DIRECTUS_URL pointing at another service).</summary>
    public static ValueTask<Exception?> FromUnreadableBody(HttpResponseMessage response, Exception exception) =>
        ValueTask.FromResult<Exception?>(new DirectusException(
            DirectusErrorKind.Unexpected,
            $"The answer to {Describe(response.RequestMessage?.Method, response.RequestMessage?.RequestUri)} was not Directus's JSON. Check that DIRECTUS_URL points at Directus (`doctor`).",
            (int)response.StatusCode, innerException: exception));

    public static DirectusException FromTransportFailure(Exception exception, HttpMethod method, Uri? uri, bool timedOut)
    {
        var target = Describe(method, uri);
        return timedOut
            ? new DirectusException(DirectusErrorKind.Timeout,
                $"Directus did not answer {target} in time. Check that it is running and not overloaded (`doctor`), then try again.",
                innerException: exception)
            : new DirectusException(DirectusErrorKind.Unavailable,
                $"Directus could not be reached for {target} ({exception.GetType().Name}). Check DIRECTUS_URL and that Directus is running (`doctor`).",
                innerException: exception);
    }

    private static async Task<DirectusErrorEntry?> ReadFirstErrorAsync(HttpResponseMessage response)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var body = await JsonSerializer.DeserializeAsync(stream, DirectusJsonContext.Default.DirectusErrorBody).ConfigureAwait(false);
            return body?.Errors is { Count: > 0 } errors ? errors[0] : null;
        }
        catch (JsonException)
        {
            return null; // Not Directus's JSON (a proxy page, say): the status code alone has to do.
        }
    }

    /// <summary>"GET /items/creator_profiles" without the query string, which may carry filter values.</summary>
    private static string Describe(HttpMethod? method, Uri? uri) =>
        $"{method?.Method ?? "request"} {(uri is { IsAbsoluteUri: true } ? uri.AbsolutePath : uri?.OriginalString.Split('?')[0])}".TrimEnd();

    /// <summary>Directus's own messages can quote submitted values; keep them short and single-line.</summary>
    private static string Sanitize(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return "no details given";
        }

        var oneLine = message.ReplaceLineEndings(" ").Trim().TrimEnd('.');
        return oneLine.Length <= 200 ? oneLine : oneLine[..200] + "…";
    }
}
