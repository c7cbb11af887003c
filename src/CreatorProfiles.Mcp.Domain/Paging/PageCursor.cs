using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CreatorProfiles.Mcp.Domain.Validation;

namespace CreatorProfiles.Mcp.Domain.Paging;

/// <summary>
/// Opaque keyset cursor: the id of the last row of the previous page plus a fingerprint of the query it belongs to.
/// Keyset (id &gt; last) rather than offset, so rows inserted or removed between pages never make a walk skip or
/// repeat a row; the fingerprint refuses a cursor replayed against different filters instead of silently mixing pages.
/// </summary>
public static class PageCursor
{
    private const int Version = 1;

    public static string Encode(string afterId, string queryFingerprint)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new CursorPayload(Version, afterId, queryFingerprint), DomainJsonContext.Default.CursorPayload);
        return Base64Url.EncodeToString(json);
    }

    /// <summary>Returns the id to continue after, or null for the first page.</summary>
    public static string? Decode(string? cursor, string queryFingerprint, string field = "cursor")
    {
        if (cursor is null)
        {
            return null;
        }

        const string allowed = "the next_cursor value from the previous page of the same call (same filters), or no cursor for the first page";
        CursorPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(cursor.Trim()), DomainJsonContext.Default.CursorPayload);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw new InvalidArgumentException(field, ArgumentRules.Quote(cursor), allowed);
        }

        if (payload is null || payload.V != Version || !Guid.TryParseExact(payload.After, "D", out _))
        {
            throw new InvalidArgumentException(field, ArgumentRules.Quote(cursor), allowed);
        }

        if (!string.Equals(payload.Q, queryFingerprint, StringComparison.Ordinal))
        {
            throw new InvalidArgumentException(field, "(a cursor from a query with other filters)", allowed);
        }

        return payload.After;
    }

    /// <summary>A short, stable fingerprint of the query's filters (not of the limit, which may change between pages).</summary>
    public static string Fingerprint(params string?[] filterParts)
    {
        var text = string.Join('\u001f', filterParts.Select(p => p ?? "\u0000"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }
}

internal sealed record CursorPayload(int V, string After, string Q);
