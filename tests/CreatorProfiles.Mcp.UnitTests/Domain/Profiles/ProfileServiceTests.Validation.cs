using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Paging;
using CreatorProfiles.Mcp.Domain.Profiles;
using NSubstitute;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Profiles;

/// <summary>Arguments refused before the caller is resolved or Directus is called.</summary>
public sealed partial class ProfileServiceTests
{
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
}
