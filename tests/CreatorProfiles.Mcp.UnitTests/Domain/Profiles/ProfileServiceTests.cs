using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Paging;
using CreatorProfiles.Mcp.Domain.Profiles;
using CreatorProfiles.Mcp.Tools;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Profiles;

public sealed class ProfileServiceTests
{
    private const string Alice = "aaaaaaaa-0000-4000-8000-000000000001";
    private const string Bob = "bbbbbbbb-0000-4000-8000-000000000002";
    private const string AdminId = "cccccccc-0000-4000-8000-000000000003";

    private readonly IDirectusApi _directus = Substitute.For<IDirectusApi>();
    private readonly ICallerAccessor _callers = Substitute.For<ICallerAccessor>();
    private readonly List<ListCall> _calls = [];
    private List<ProfileRecord> _rows = [];

    private sealed record ListCall(string Collection, string? Filter, string? Fields, string? Sort, int? Limit, int? Offset);

    public ProfileServiceTests()
    {
        _directus
            .ListItemsAsync<ProfileRecord>(Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<string?>(), Arg.Any<string?>(),
                Arg.Any<int?>(), Arg.Any<int?>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                _calls.Add(new ListCall(call.ArgAt<string>(0), call.ArgAt<string?>(1), call.ArgAt<string?>(2), call.ArgAt<string?>(3), call.ArgAt<int?>(4), call.ArgAt<int?>(5)));
                var limit = call.ArgAt<int?>(4) ?? int.MaxValue;
                var offset = call.ArgAt<int?>(5) ?? 0;
                return Task.FromResult(new DirectusList<ProfileRecord>(_rows.Skip(offset).Take(limit).ToList()));
            });
        ActAs(Alice, isAdmin: false);
    }

    private void ActAs(string userId, bool isAdmin)
    {
#pragma warning disable CA2012 // NSubstitute's setup syntax calls the method to configure it; nothing is awaited here.
        _callers.GetCallerAsync(Arg.Any<CancellationToken>()).Returns(_ => ValueTask.FromResult(new Caller(userId, isAdmin)));
#pragma warning restore CA2012
    }

    private ProfileService Service(params string[] platforms)
    {
        var options = new CreatorProfilesOptions();
        if (platforms.Length > 0)
        {
            options.SupportedPlatforms = platforms;
        }

        return new ProfileService(_directus, _callers, Options.Create(options), TimeProvider.System);
    }

    private static ProfileRecord Row(int n, string owner = Alice, JsonElement? credentials = null) => new(
        Id: $"00000000-0000-4000-8000-{n:D12}",
        UserId: owner,
        Platform: "onlyfans",
        Username: $"creator{n}",
        Credentials: credentials,
        ScrapeStatus: "idle",
        LastScrapedAt: null,
        LastError: null,
        IsActive: true,
        CreatedAt: DateTimeOffset.UnixEpoch,
        UpdatedAt: null,
        IdentityKey: $"onlyfans:creator{n}");

    private static List<ProfileRecord> Rows(int count) => Enumerable.Range(1, count).Select(n => Row(n)).ToList();

    /// <summary>The conditions of a filter built by DirectusFilter: {"_and":[{field:{op:value}}, ...]}.</summary>
    private static List<(string Field, string Op, string Value)> Conditions(string? filter)
    {
        if (filter is null)
        {
            return [];
        }

        return JsonNode.Parse(filter)!["_and"]!.AsArray()
            .Select(c => c!.AsObject().Single())
            .Select(c => (c.Key, c.Value!.AsObject().Single().Key, c.Value!.AsObject().Single().Value!.ToJsonString()))
            .ToList();
    }

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    // ---- validation before any call --------------------------------------------------------------------------

    public static TheoryData<ProfileListRequest, string> InvalidRequests => new()
    {
        { new ProfileListRequest(Platform: "myspace"), "platform" },
        { new ProfileListRequest(ScrapeStatus: "done"), "scrape_status" },
        { new ProfileListRequest(UserId: "not-a-uuid"), "user_id" },
        { new ProfileListRequest(UserId: "{" + Alice + "}"), "user_id" },
        { new ProfileListRequest(Limit: 0), "limit" },
        { new ProfileListRequest(Limit: 101), "limit" },
        { new ProfileListRequest(Cursor: "garbage!"), "cursor" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task ListAsync_InvalidArgument_IsRefusedBeforeAnyCall(ProfileListRequest request, string field)
    {
        var e = await Assert.ThrowsAsync<InvalidArgumentException>(() => Service().ListCreatorProfilesAsync(request, CancellationToken.None));

        Assert.Equal(field, e.Field);
        Assert.Empty(_directus.ReceivedCalls());
        Assert.Empty(_callers.ReceivedCalls()); // resolving the caller may itself call Directus
    }

    [Fact]
    public async Task ListAsync_CursorFromOtherFilters_IsRefusedBeforeAnyCall()
    {
        var otherFilters = PageCursor.Encode(2, PageCursor.Fingerprint("profiles", "fansly", null, null, null));

        var e = await Assert.ThrowsAsync<InvalidArgumentException>(() =>
            Service().ListCreatorProfilesAsync(new ProfileListRequest(Platform: "onlyfans", Cursor: otherFilters), CancellationToken.None));

        Assert.Equal("cursor", e.Field);
        Assert.Empty(_directus.ReceivedCalls());
    }

    // ---- ownership -------------------------------------------------------------------------------------------

    [Fact]
    public async Task ListAsync_NonAdminWithoutUserId_IsFilteredByTheirOwnUserId()
    {
        await Service().ListCreatorProfilesAsync(new ProfileListRequest(), CancellationToken.None);

        var call = Assert.Single(_calls);
        Assert.Contains(("user_id", "_eq", $"\"{Alice}\""), Conditions(call.Filter));
    }

    [Fact]
    public async Task ListAsync_NonAdminWithTheirOwnUserIdInUpperCase_IsFilteredByTheirOwnUserId()
    {
        await Service().ListCreatorProfilesAsync(new ProfileListRequest(UserId: Alice.ToUpperInvariant()), CancellationToken.None);

        var call = Assert.Single(_calls);
        Assert.Contains(("user_id", "_eq", $"\"{Alice}\""), Conditions(call.Filter));
    }

    [Fact]
    public async Task ListAsync_NonAdminAskingForAnotherUsersProfiles_GetsAnEmptyPageWithoutDirectusCall()
    {
        _rows = [Row(1, owner: Bob)];

        var page = await Service().ListCreatorProfilesAsync(new ProfileListRequest(UserId: Bob), CancellationToken.None);

        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
        Assert.Empty(_calls);
    }

    [Fact]
    public async Task ListAsync_NonAdminWithOtherFilters_StillGetsTheOwnerCondition()
    {
        await Service().ListCreatorProfilesAsync(new ProfileListRequest(Platform: "fansly", ScrapeStatus: "error", IsActive: false), CancellationToken.None);

        var conditions = Conditions(Assert.Single(_calls).Filter);
        Assert.Contains(("user_id", "_eq", $"\"{Alice}\""), conditions);
        Assert.Single(conditions, c => c.Field == "user_id");
    }

    [Fact]
    public async Task ListAsync_Admin_GetsNoUserFilter()
    {
        ActAs(AdminId, isAdmin: true);

        await Service().ListCreatorProfilesAsync(new ProfileListRequest(Platform: "onlyfans"), CancellationToken.None);

        var conditions = Conditions(Assert.Single(_calls).Filter);
        Assert.DoesNotContain(conditions, c => c.Field == "user_id");
        Assert.Contains(("platform", "_eq", "\"onlyfans\""), conditions);
    }

    [Fact]
    public async Task ListAsync_AdminWithNoFilters_SendsNoFilterAtAll()
    {
        ActAs(AdminId, isAdmin: true);

        await Service().ListCreatorProfilesAsync(new ProfileListRequest(), CancellationToken.None);

        Assert.Null(Assert.Single(_calls).Filter);
    }

    [Fact]
    public async Task ListAsync_AdminAskingForAUser_IsFilteredByThatUser()
    {
        ActAs(AdminId, isAdmin: true);

        await Service().ListCreatorProfilesAsync(new ProfileListRequest(UserId: Bob.ToUpperInvariant()), CancellationToken.None);

        Assert.Contains(("user_id", "_eq", $"\"{Bob}\""), Conditions(Assert.Single(_calls).Filter));
    }

    // ---- filters and paging ----------------------------------------------------------------------------------

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
    public async Task ListAsync_FirstPage_AsksForOneRowMoreThanTheLimitFromOffsetZero_SortedByIdentityKey()
    {
        await Service().ListCreatorProfilesAsync(new ProfileListRequest(Limit: 10), CancellationToken.None);
        await Service().ListCreatorProfilesAsync(new ProfileListRequest(), CancellationToken.None);

        Assert.Equal([11, 26], _calls.Select(c => c.Limit));
        Assert.All(_calls, c => Assert.Equal(0, c.Offset ?? 0));
        Assert.All(_calls, c => Assert.Equal("identity_key", c.Sort)); // unique: offset pages never overlap
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
        Assert.Equal("identity_key", _calls[1].Sort);
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

    // ---- the view --------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(null, false, "none")]
    [InlineData("{}", false, "none")]
    [InlineData("{\"enc\":\"v1:SECRETCANARY:tag:ct\"}", true, "v1")]
    [InlineData("\"v1:SECRETCANARY:tag:ct\"", true, "legacy_encrypted")]
    [InlineData("{\"username\":\"me\",\"password\":\"SECRETCANARY\"}", true, "legacy_plaintext")]
    [InlineData("\"SECRETCANARY\"", true, "legacy_plaintext")]
    public async Task ListAsync_Items_ReportCredentialsPresenceAndFormatOnly(string? stored, bool hasCredentials, string format)
    {
        _rows = [Row(1, credentials: stored is null ? null : Json(stored))];

        var page = await Service().ListCreatorProfilesAsync(new ProfileListRequest(), CancellationToken.None);

        var item = Assert.Single(page.Items);
        Assert.Equal(hasCredentials, item.HasCredentials);
        Assert.Equal(format, item.CredentialsFormat);
        var json = JsonSerializer.Serialize(page, ToolsJson.Options);
        Assert.DoesNotContain("SECRETCANARY", json);
        Assert.DoesNotContain("\"credentials\"", json);
        Assert.DoesNotContain("password", json);
    }

    [Fact]
    public void ProfileView_HasNoMemberThatCouldCarryTheStoredValue()
    {
        var properties = typeof(ProfileView).GetProperties();

        Assert.DoesNotContain(properties, p => p.Name.Equals("Credentials", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(properties, p => p.PropertyType == typeof(JsonElement) || p.PropertyType == typeof(JsonElement?) || p.PropertyType == typeof(JsonNode));
    }

    [Fact]
    public async Task ListAsync_Items_SerialiseWithTheContractFieldNames()
    {
        _rows = [Row(1, credentials: Json("{\"enc\":\"v1:a:b:c\"}"))];

        var page = await Service().ListCreatorProfilesAsync(new ProfileListRequest(), CancellationToken.None);

        var item = JsonNode.Parse(JsonSerializer.Serialize(page, ToolsJson.Options))!["items"]![0]!.AsObject();
        Assert.Equal(_rows[0].Id, (string?)item["id"]);
        Assert.Equal(Alice, (string?)item["user_id"]);
        Assert.Equal("onlyfans", (string?)item["platform"]);
        Assert.Equal("creator1", (string?)item["username"]);
        Assert.Equal("idle", (string?)item["scrape_status"]);
        Assert.True((bool)item["is_active"]!);
        Assert.True((bool)item["has_credentials"]!);
        Assert.Equal("v1", (string?)item["credentials_format"]);
        Assert.True(item.ContainsKey("created_at"));
        Assert.False(item.ContainsKey("identity_key"));
    }
}
