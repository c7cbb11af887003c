using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CreatorProfiles.Mcp.Domain.Validation;
using Microsoft.AspNetCore.Http;

namespace CreatorProfiles.Mcp.Http;

/// <summary>
/// Reads a credential endpoint's JSON body, which may hold plaintext credentials: bounded in size, read into a pooled
/// buffer that is zeroed after parsing, and every problem answered without quoting the body (the serializer's own
/// messages can quote it).
/// </summary>
internal static class SensitiveBodyReader
{
    /// <summary>Bodies are a few KiB in practice (credentials: at most 32 fields of 8192 characters).</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>
    /// Reads a JSON object body of at most <see cref="MaxBodyBytes"/>. Problems become <see cref="EndpointRefusal"/>s
    /// whose messages say where (line, byte) but never quote the body: the serializer's own messages can.
    /// </summary>
    public static async Task<T> ReadBodyAsync<T>(HttpContext context, JsonTypeInfo<T> type, string shape) where T : class
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

    public static void RefuseUnknown(Dictionary<string, JsonElement>? unknown, string allowed)
    {
        if (unknown is { Count: > 0 })
        {
            throw Invalid($"Unknown field(s) {string.Join(", ", unknown.Keys.Take(5).Select(ArgumentRules.Quote))}. {allowed}");
        }
    }

    public static EndpointRefusal Invalid(string message) => new(StatusCodes.Status400BadRequest, "invalid_request", message);

    private static EndpointRefusal TooLarge() => new(StatusCodes.Status413PayloadTooLarge, "payload_too_large",
        $"The body is larger than {(MaxBodyBytes / 1024).ToString(CultureInfo.InvariantCulture)} KiB; credentials and cookies are far smaller.");
}

/// <summary>A request refused before it reaches the domain (body size, type, JSON shape).</summary>
internal sealed class EndpointRefusal(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}
