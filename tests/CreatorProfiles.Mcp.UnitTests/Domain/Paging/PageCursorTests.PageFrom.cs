using CreatorProfiles.Mcp.Domain.Paging;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Paging;

/// <summary>Page.From: dropping the extra row and pointing next_cursor past the page.</summary>
public partial class PageCursorTests
{
    [Fact]
    public void PageFrom_LimitPlusOneRows_KeepsLimitItemsAndPointsTheCursorPastThem()
    {
        var page = Page.From([1, 2, 3], limit: 2, offset: 10, Fp, n => n * 10);

        Assert.Equal([10, 20], page.Items);
        Assert.Equal(12, PageCursor.Decode(page.NextCursor, Fp));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void PageFrom_AtMostLimitRows_IsTheLastPage(int rows)
    {
        var page = Page.From(Enumerable.Range(1, rows).ToList(), limit: 2, offset: 4, Fp, n => n);

        Assert.Equal(rows, page.Items.Count);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public void PageFrom_FirstPage_CursorPointsAtTheLimit()
    {
        var page = Page.From([1, 2, 3, 4], limit: 3, offset: 0, Fp, n => n);

        Assert.Equal(3, PageCursor.Decode(page.NextCursor, Fp));
    }
}
