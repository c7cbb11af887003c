using CreatorProfiles.Mcp.Domain.Profiles;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Profiles;

/// <summary>Whose profiles a caller sees: a non-admin only their own, an admin everyone's or one user's.</summary>
public sealed partial class ProfileServiceTests
{
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
}
