using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Paging;
using CreatorProfiles.Mcp.Domain.Profiles;
using NSubstitute;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Profiles;

/// <summary>The filters, sort, limit and offset sent to Directus, and following next_cursor from page to page.</summary>
public sealed partial class ProfileServiceTests
{
    [Fact]
    public async Task ListAsync_Filters_AreNormalisedAndTyped()
    {
        await Service().ListCreatorProfilesAsync(new ProfileListRequest(Platform: " OnlyFans ", ScrapeStatus: "ERROR", IsActive: false), CancellationToken.None);

        var conditions = Conditions(Assert.Single(_calls).Filter);
        Assert.Contains(("platform", "_eq", "\"onlyfans\""), conditions);
        Assert.Contains(("scrape_status", "_eq", "\"error\""), conditions);
        Assert.Contains(("is_active", "_eq", "false"), conditions);
    }

    [Fact]
    public async Task ListAsync_PlatformOutsideConfiguredList_IsRefused()
    {
        await Assert.ThrowsAsync<InvalidArgumentException>(() =>
            Service("patreon").ListCreatorProfilesAsync(new ProfileListRequest(Platform: "onlyfans"), CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_FirstPage_AsksForOneRowMoreThanTheLimitFromOffsetZero_SortedByPlatformUsernameThenId()
    {
        await Service().ListCreatorProfilesAsync(new ProfileListRequest(Limit: 10), CancellationToken.None);
        await Service().ListCreatorProfilesAsync(new ProfileListRequest(), CancellationToken.None);

        Assert.Equal([11, 26], _calls.Select(c => c.Limit));
        Assert.All(_calls, c => Assert.Equal(0, c.Offset ?? 0));
        Assert.All(_calls, c => Assert.Equal("platform,username,id", c.Sort)); // ends with the id: offset pages never overlap
        Assert.All(_calls, c => Assert.Equal(DirectusSchema.Profiles.Collection, c.Collection));
    }

    [Fact]
    public async Task ListAsync_AsksForEveryFieldAProfileViewShows_AndCredentialsToClassifyThem()
    {
        await Service().ListCreatorProfilesAsync(new ProfileListRequest(), CancellationToken.None);

        var fields = Assert.Single(_calls).Fields!.Split(',');
        string[] required = ["id", "user_id", "platform", "username", "credentials", "scrape_status", "last_scraped_at", "last_error", "is_active", "created_at", "updated_at"];
        Assert.All(required, f => Assert.Contains(f, fields));
    }

    [Fact]
    public async Task ListAsync_LimitPlusOneRows_GivesLimitItemsAndACursorAtTheNextOffset()
    {
        _rows = Rows(3);

        var page = await Service().ListCreatorProfilesAsync(new ProfileListRequest(Limit: 2), CancellationToken.None);

        Assert.Equal([_rows[0].Id, _rows[1].Id], page.Items.Select(i => i.Id));
        Assert.NotNull(page.NextCursor);
        Assert.Equal(2, PageCursor.Decode(page.NextCursor, PageCursor.Fingerprint("profiles", null, null, null, null)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task ListAsync_AtMostLimitRows_IsTheLastPage(int rows)
    {
        _rows = Rows(rows);

        var page = await Service().ListCreatorProfilesAsync(new ProfileListRequest(Limit: 2), CancellationToken.None);

        Assert.Equal(rows, page.Items.Count);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task ListAsync_NextCursor_PassesItsOffsetToDirectusWithTheSameFiltersAndSort()
    {
        _rows = Rows(5);
        var service = Service();
        var request = new ProfileListRequest(Platform: "onlyfans", IsActive: true, Limit: 2);

        var first = await service.ListCreatorProfilesAsync(request, CancellationToken.None);
        var second = await service.ListCreatorProfilesAsync(request with { Cursor = first.NextCursor }, CancellationToken.None);

        Assert.Equal(2, _calls[1].Offset);
        Assert.Equal(3, _calls[1].Limit);
        Assert.Equal("platform,username,id", _calls[1].Sort);
        Assert.Equal(_calls[0].Filter, _calls[1].Filter); // the page moves by offset, never by a filter condition
        var conditions = Conditions(_calls[1].Filter);
        Assert.Contains(("platform", "_eq", "\"onlyfans\""), conditions);
        Assert.Contains(("is_active", "_eq", "true"), conditions);
        Assert.Contains(("user_id", "_eq", $"\"{Alice}\""), conditions);
        Assert.Equal([_rows[2].Id, _rows[3].Id], second.Items.Select(i => i.Id));
        Assert.Equal(4, PageCursor.Decode(second.NextCursor, PageCursor.Fingerprint("profiles", "onlyfans", null, "True", null)));
    }

    [Fact]
    public async Task ListAsync_Cursor_ItsOffsetIsWhatDirectusIsAskedToSkip()
    {
        ActAs(AdminId, isAdmin: true);
        var cursor = PageCursor.Encode(40, PageCursor.Fingerprint("profiles", null, "idle", null, null));

        await Service().ListCreatorProfilesAsync(new ProfileListRequest(ScrapeStatus: "idle", Limit: 20, Cursor: cursor), CancellationToken.None);

        var call = Assert.Single(_calls);
        Assert.Equal(40, call.Offset);
        Assert.Equal(21, call.Limit);
    }

    [Fact]
    public async Task ListAsync_FilterNeverCarriesAKeysetCondition()
    {
        _rows = Rows(3);
        var service = Service();

        var first = await service.ListCreatorProfilesAsync(new ProfileListRequest(Limit: 1), CancellationToken.None);
        await service.ListCreatorProfilesAsync(new ProfileListRequest(Limit: 1, Cursor: first.NextCursor), CancellationToken.None);

        // Directus 12 refuses _gt on uuid and string fields.
        Assert.All(_calls, c => Assert.DoesNotContain(Conditions(c.Filter), x => x.Op == "_gt" || x.Field == "id"));
    }

    [Fact]
    public async Task ListAsync_FollowingCursorsToTheEnd_ReturnsEveryRowExactlyOnceInOrder()
    {
        _rows = Rows(7);
        var service = Service();
        var request = new ProfileListRequest(Limit: 3);
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;

        do
        {
            var page = await service.ListCreatorProfilesAsync(request with { Cursor = cursor }, CancellationToken.None);
            seen.AddRange(page.Items.Select(i => i.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(_rows.Select(r => r.Id), seen);
        Assert.Equal(3, pages);
        Assert.Equal([0, 3, 6], _calls.Select(c => c.Offset ?? 0));
    }

    [Fact]
    public async Task ListAsync_ExactlyAFullLastPage_EndsWithoutAnEmptyExtraPage()
    {
        _rows = Rows(4);
        var service = Service();

        var first = await service.ListCreatorProfilesAsync(new ProfileListRequest(Limit: 2), CancellationToken.None);
        var second = await service.ListCreatorProfilesAsync(new ProfileListRequest(Limit: 2, Cursor: first.NextCursor), CancellationToken.None);

        Assert.Equal([_rows[2].Id, _rows[3].Id], second.Items.Select(i => i.Id));
        Assert.Null(second.NextCursor);
    }

    [Fact]
    public async Task ListAsync_NextCursor_WithChangedFilters_IsRefused()
    {
        _rows = Rows(3);
        var service = Service();

        var first = await service.ListCreatorProfilesAsync(new ProfileListRequest(IsActive: true, Limit: 2), CancellationToken.None);
        var e = await Assert.ThrowsAsync<InvalidArgumentException>(() =>
            service.ListCreatorProfilesAsync(new ProfileListRequest(IsActive: false, Limit: 2, Cursor: first.NextCursor), CancellationToken.None));

        Assert.Equal("cursor", e.Field);
        Assert.Single(_calls);
    }

    [Fact]
    public async Task ListAsync_NextCursor_WithAnotherLimit_IsAccepted()
    {
        _rows = Rows(3);
        var service = Service();

        var first = await service.ListCreatorProfilesAsync(new ProfileListRequest(Limit: 2), CancellationToken.None);
        var second = await service.ListCreatorProfilesAsync(new ProfileListRequest(Limit: 50, Cursor: first.NextCursor), CancellationToken.None);

        Assert.Equal(2, _calls.Count);
        Assert.Equal(2, _calls[1].Offset);
        Assert.Equal(51, _calls[1].Limit);
        Assert.Equal([_rows[2].Id], second.Items.Select(i => i.Id));
        Assert.Null(second.NextCursor);
    }

    [Fact]
    public async Task ListAsync_PassesTheCancellationTokenToDirectus()
    {
        using var cancellation = new CancellationTokenSource();

        await Service().ListCreatorProfilesAsync(new ProfileListRequest(), cancellation.Token);

        await _directus.Received(1).ListItemsAsync<ProfileRecord>(Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<string?>(), Arg.Any<string?>(),
            Arg.Any<int?>(), Arg.Any<int?>(), Arg.Any<string?>(), cancellation.Token);
    }
}
