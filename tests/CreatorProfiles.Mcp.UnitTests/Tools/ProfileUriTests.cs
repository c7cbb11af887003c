using CreatorProfiles.Mcp.Tools;

namespace CreatorProfiles.Mcp.UnitTests.Tools;

/// <summary>One reading of a profile resource URI for read, subscribe, listen and the audit line: what resources/read
/// accepts, subscriptions accept too, as the same canonical id.</summary>
public sealed class ProfileUriTests
{
    private const string Id = "3f2b8c1e-5d4a-4b6f-9e21-7c0d5a9b1f42";

    [Theory]
    [InlineData("creatorprofiles://profiles/" + Id)]
    [InlineData("CREATORPROFILES://profiles/" + Id)]
    [InlineData("creatorprofiles://profiles/3F2B8C1E-5D4A-4B6F-9E21-7C0D5A9B1F42")]
    [InlineData("creatorprofiles://profiles/3f2b8c1e%2D5d4a-4b6f-9e21-7c0d5a9b1f42")]
    public void Every_spelling_resources_read_accepts_gives_the_canonical_id(string uri)
    {
        Assert.NotNull(ProfileResources.RawIdIn(uri));
        Assert.Equal(Id, ProfileResources.ProfileIdFromUri(uri));
    }

    [Theory]
    [InlineData("creatorprofiles://profiles/" + Id + "/jobs")]
    [InlineData("creatorprofiles://profiles/not-a-uuid")]
    [InlineData("creatorprofiles://platforms")]
    [InlineData("https://example.com/" + Id)]
    public void Anything_else_is_no_profile(string uri) => Assert.Null(ProfileResources.ProfileIdFromUri(uri));
}
