namespace CreatorProfiles.Mcp.Domain.Paging;

/// <summary>One page of a list: <c>next_cursor</c> is absent on the last page (docs/tools.md).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

public static class Page
{
    /// <summary>Builds a page from the limit+1 rows asked of Directus: the extra row only says that more exist,
    /// which saves the round trip a count would cost.</summary>
    public static Page<TView> From<TRecord, TView>(IReadOnlyList<TRecord> rows, int limit, int offset, string fingerprint, Func<TRecord, TView> view)
    {
        var items = rows.Take(limit).Select(view).ToList();
        var next = rows.Count > limit ? PageCursor.Encode(offset + limit, fingerprint) : null;
        return new Page<TView>(items, next);
    }
}
