namespace CreatorProfiles.Mcp.Domain.Paging;

/// <summary>One page of a list: <c>next_cursor</c> is absent on the last page (DESIGN.md section 3).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
