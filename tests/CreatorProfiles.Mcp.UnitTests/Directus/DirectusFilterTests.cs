using CreatorProfiles.Mcp.Directus;

namespace CreatorProfiles.Mcp.UnitTests.Directus;

/// <summary>Directus coerces the filter values "true", "false", "null" and "NULL"; a case-insensitive match must send
/// them in a spelling it leaves a string (its _icontains answered 500 otherwise).</summary>
public sealed class DirectusFilterTests
{
    [Theory]
    [InlineData("true", "True")]
    [InlineData("false", "False")]
    [InlineData("null", "Null")]
    [InlineData("NULL", "Null")]
    [InlineData("True", "True")]
    [InlineData("truelove", "truelove")]
    [InlineData("alice", "alice")]
    public void IContains_sends_words_Directus_would_coerce_in_a_spelling_it_keeps_as_text(string value, string sent) =>
        Assert.Equal($$$"""{"_and":[{"username":{"_icontains":"{{{sent}}}"}}]}""", new DirectusFilter().IContains("username", value).ToQueryValue());
}
