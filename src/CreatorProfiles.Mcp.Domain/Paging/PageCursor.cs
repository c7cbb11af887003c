using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CreatorProfiles.Mcp.Domain.Validation;

namespace CreatorProfiles.Mcp.Domain.Paging;

/// <summary>
/// Opaque cursor: the offset of the next page plus a fingerprint of the query it belongs to; the fingerprint refuses
/// a cursor replayed against different filters instead of silently mixing pages. Offset, not keyset: Directus 12
/// refuses <c>_gt</c> on uuid and string fields (verified), and every list sorts on a unique key, so a walk over
/// unchanged data returns each row exactly once. A row created or deleted during a walk can shift later pages by one.
/// </summary>
public static class PageCursor
{
    private const int Version = 1;

    public static string Encode(int offset, string queryFingerprint)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new CursorPayload(Version, offset, queryFingerprint), DomainJsonContext.Default.CursorPayload);
        return Base64Url.EncodeToString(json);
    }

    /// <summary>Returns the offset of the page the cursor points at; 0 (the first page) without a cursor.</summary>
    public static int Decode(string? cursor, string queryFingerprint, string field = "cursor")
    {
        if (cursor is null)
        {
            return 0;
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

        if (payload is null || payload.V != Version || payload.Offset <= 0)
        {
            throw new InvalidArgumentException(field, ArgumentRules.Quote(cursor), allowed);
        }

        if (!string.Equals(payload.Q, queryFingerprint, StringComparison.Ordinal))
        {
            throw new InvalidArgumentException(field, "(a cursor from a query with other filters)", allowed);
        }

        return payload.Offset;
    }

    /// <summary>A short, stable fingerprint of the query's filters (not of the limit, which may change between pages).</summary>
    public static string Fingerprint(params string?[] filterParts)
    {
        var text = string.Join('\u001f', filterParts.Select(p => p ?? "\u0000"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }
}

internal sealed record CursorPayload(int V, int Offset, string Q);
