using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Validation;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Validation;

/// <summary>UUID arguments: the hyphenated form only, returned lower case and trimmed.</summary>
public partial class ArgumentRulesTests
{
    private const string SampleUuid = "3f2b8c1e-5d4a-4b6f-9e21-7c0d5a9b1f42";

    [Theory]
    [InlineData(SampleUuid)]
    [InlineData("3F2B8C1E-5D4A-4B6F-9E21-7C0D5A9B1F42")]
    [InlineData("  3f2b8c1e-5d4a-4b6f-9e21-7c0d5a9b1f42 ")]
    public void Uuid_HyphenatedForm_IsReturnedLowerCaseAndTrimmed(string input)
    {
        Assert.Equal(SampleUuid, ArgumentRules.Uuid(input, "id"));
    }

    [Theory]
    [InlineData("{3f2b8c1e-5d4a-4b6f-9e21-7c0d5a9b1f42}")] // braces: not the form Directus stores or unique keys compare
    [InlineData("(3f2b8c1e-5d4a-4b6f-9e21-7c0d5a9b1f42)")]
    [InlineData("3f2b8c1e5d4a4b6f9e217c0d5a9b1f42")]        // no hyphens
    [InlineData("3f2b8c1e-5d4a-4b6f-9e21-7c0d5a9b1f4")]     // one digit short
    [InlineData("3f2b8c1e-5d4a-4b6f-9e21-7c0d5a9b1f4z")]
    [InlineData("not-a-uuid")]
    [InlineData("")]
    [InlineData("   ")]
    public void Uuid_MalformedBracedOrEmpty_IsRefused(string input)
    {
        var e = Assert.Throws<InvalidArgumentException>(() => ArgumentRules.Uuid(input, "profile_id"));

        Assert.Equal("profile_id", e.Field);
        Assert.Contains("'profile_id'", e.Message);
        Assert.Contains("UUID", e.Message);
    }

    [Fact]
    public void Uuid_Malformed_QuotesTheBadValue()
    {
        var e = Assert.Throws<InvalidArgumentException>(() => ArgumentRules.Uuid("abc-123", "id"));

        Assert.Contains("\"abc-123\"", e.Message);
    }

    [Fact]
    public void Uuid_Null_IsRefusedAsMissing()
    {
        var e = Assert.Throws<InvalidArgumentException>(() => ArgumentRules.Uuid(null, "id"));

        Assert.Equal("id", e.Field);
        Assert.Contains("(missing)", e.Message);
    }

    [Fact]
    public void OptionalUuid_NullMeansAbsent_ValueIsValidated()
    {
        Assert.Null(ArgumentRules.OptionalUuid(null, "user_id"));
        Assert.Equal(SampleUuid, ArgumentRules.OptionalUuid(SampleUuid.ToUpperInvariant(), "user_id"));
        Assert.Throws<InvalidArgumentException>(() => ArgumentRules.OptionalUuid("", "user_id"));
    }
}
