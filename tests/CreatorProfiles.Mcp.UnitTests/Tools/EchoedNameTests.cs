using CreatorProfiles.Mcp.Tools;

namespace CreatorProfiles.Mcp.UnitTests.Tools;

public sealed class EchoedNameTests
{
    [Theory]
    [InlineData("get_creator_profile", "get_creator_profile")]
    [InlineData("a\r\nb\tc", "a??b?c")]
    [InlineData("rtl\u202Eoverride\u200Bzw\u2028ls", "rtl?override?zw?ls")]
    [InlineData("tag\U000E0041s", "tag?s")]
    [InlineData("emoji 🙂 kept", "emoji 🙂 kept")]
    [InlineData("", "")]
    public void Names_keep_visible_text_and_lose_invisible_and_breaking_characters(string name, string shown) =>
        Assert.Equal(shown, EchoedName.Of(name));

    [Fact]
    public void Long_names_are_cut_at_64_characters_without_splitting_a_surrogate_pair()
    {
        Assert.Equal(new string('x', 64) + "…", EchoedName.Of(new string('x', 100_000)));
        Assert.Equal(new string('x', 64), EchoedName.Of(new string('x', 64)));
        var emoji = string.Concat(Enumerable.Repeat("🙂", 70));
        Assert.Equal(string.Concat(Enumerable.Repeat("🙂", 64)) + "…", EchoedName.Of(emoji));
        Assert.Equal("?", EchoedName.Of("\uD800")); // a lone surrogate
    }
}
