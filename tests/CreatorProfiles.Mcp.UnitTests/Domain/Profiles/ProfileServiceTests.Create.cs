using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Profiles;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Profiles;

/// <summary>The owner-scoped identity key a create writes, and what a duplicate says.</summary>
public sealed partial class ProfileServiceTests
{
    private readonly List<JsonObject> _created = [];

    private void CreatesSucceed() =>
        _directus.CreateItemAsync<ProfileRecord>(DirectusSchema.Profiles.Collection, Arg.Do<JsonObject>(_created.Add), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(_ => Task.FromResult(new DirectusItem<ProfileRecord>(Row(1))));

    private void CreatesAreDuplicates() =>
        _directus.CreateItemAsync<ProfileRecord>(DirectusSchema.Profiles.Collection, Arg.Do<JsonObject>(_created.Add), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new DataAccessException(DataAccessFailure.Duplicate, "not unique", DirectusSchema.Profiles.IdentityKey));

    [Fact]
    public async Task CreateAsync_WritesTheOwnerScopedKey_ForTheCaller()
    {
        CreatesSucceed();

        await Service().CreateCreatorProfileAsync(new ProfileCreateRequest(" OnlyFans ", "Alice_Sunrise", null, null), null, CancellationToken.None);

        var row = Assert.Single(_created);
        Assert.Equal($"{Alice}:onlyfans:alice_sunrise", (string?)row["identity_key"]);
        Assert.Equal(Alice, (string?)row["user_id"]);
    }

    [Fact]
    public async Task CreateAsync_ByAnAdminForAUser_UsesThatUsersScope()
    {
        ActAs(AdminId, isAdmin: true);
        CreatesSucceed();

        await Service().CreateCreatorProfileAsync(new ProfileCreateRequest("fansly", "Someone", Bob, null), null, CancellationToken.None);

        var row = Assert.Single(_created);
        Assert.Equal($"{Bob}:fansly:someone", (string?)row["identity_key"]);
        Assert.Equal(Bob, (string?)row["user_id"]);
    }

    [Fact]
    public async Task CreateAsync_OwnDuplicate_NamesTheExistingId_AndLooksItUpByTheOwnersKeyOnly()
    {
        CreatesAreDuplicates();
        _rows = [Row(7)];

        var e = await Assert.ThrowsAsync<AlreadyExistsException>(() =>
            Service().CreateCreatorProfileAsync(new ProfileCreateRequest("onlyfans", "CREATOR7", null, null), null, CancellationToken.None));

        Assert.Equal(_rows[0].Id, e.ExistingId);
        Assert.Contains($"already exists: id {_rows[0].Id}", e.Message);
        Assert.Contains(("identity_key", "_eq", $"\"{Alice}:onlyfans:creator7\""), Conditions(Assert.Single(_calls).Filter));
    }

    [Fact]
    public async Task CreateAsync_DuplicateWhoseRowIsNotTheCallers_SaysNothingAboutAnotherUser()
    {
        CreatesAreDuplicates();
        _rows = [Row(7, owner: Bob)]; // only a key written by hand could do this; the answer must not tell

        var e = await Assert.ThrowsAsync<AlreadyExistsException>(() =>
            Service().CreateCreatorProfileAsync(new ProfileCreateRequest("onlyfans", "creator7", null, null), null, CancellationToken.None));

        Assert.Null(e.ExistingId);
        Assert.DoesNotContain(_rows[0].Id, e.Message);
        Assert.DoesNotContain("another user", e.Message);
    }

    [Fact]
    public async Task CreateAsync_ByAnAdminForAnIdThatIsNoUser_RefusesUserIdByName()
    {
        ActAs(AdminId, isAdmin: true);
        var missingUser = Guid.NewGuid().ToString();
        _directus.CreateItemAsync<ProfileRecord>(DirectusSchema.Profiles.Collection, Arg.Any<JsonObject>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(DataAccessException.From(new DirectusException(DirectusErrorKind.InvalidRequest, "Directus refused POST (INVALID_FOREIGN_KEY)", 400, "INVALID_FOREIGN_KEY")));

        var e = await Assert.ThrowsAsync<InvalidArgumentException>(() =>
            Service().CreateCreatorProfileAsync(new ProfileCreateRequest("fansly", "someone", missingUser, null), null, CancellationToken.None));

        Assert.Equal("user_id", e.Field);
        Assert.Contains(missingUser, e.Message);
        Assert.Contains("existing Directus user", e.Message);
        Assert.DoesNotContain("doctor", e.Message); // not a schema problem: the argument was wrong
    }
}
