using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Validation;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Validation;

public partial class ArgumentRulesTests
{
    private static readonly IReadOnlyList<string> Supported = ["onlyfans", "fansly"];

    // ---- platform -------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("onlyfans", "onlyfans")]
    [InlineData("OnlyFans", "onlyfans")]
    [InlineData("FANSLY", "fansly")]
    [InlineData("  fansly\t", "fansly")]
    public void Platform_SupportedNameInAnyCaseOrPadding_IsReturnedTrimmedAndLowerCase(string input, string expected)
    {
        Assert.Equal(expected, ArgumentRules.Platform(input, Supported));
    }

    [Fact]
    public void Platform_Unsupported_MessageNamesFieldQuotesValueAndListsAllowedValues()
    {
        var e = Assert.Throws<InvalidArgumentException>(() => ArgumentRules.Platform("MySpace", Supported));

        Assert.Equal("platform", e.Field);
        Assert.Contains("'platform'", e.Message);
        Assert.Contains("\"MySpace\"", e.Message);
        Assert.Contains("onlyfans", e.Message);
        Assert.Contains("fansly", e.Message);
    }

    [Fact]
    public void Platform_CustomFieldName_IsNamedInTheRefusal()
    {
        var e = Assert.Throws<InvalidArgumentException>(() => ArgumentRules.Platform("x", Supported, "target_platform"));

        Assert.Equal("target_platform", e.Field);
        Assert.Contains("'target_platform'", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("only fans")]
    [InlineData("onlyfans,fansly")]
    public void Platform_EmptyOrNotExactlyOneSupportedName_IsRefused(string input)
    {
        Assert.Throws<InvalidArgumentException>(() => ArgumentRules.Platform(input, Supported));
    }

    [Fact]
    public void Platform_Null_IsRefusedAsMissing()
    {
        var e = Assert.Throws<InvalidArgumentException>(() => ArgumentRules.Platform(null, Supported));

        Assert.Contains("(missing)", e.Message);
    }

    [Fact]
    public void Platform_OnlyTheConfiguredListIsAccepted()
    {
        IReadOnlyList<string> patreonOnly = ["patreon"];

        Assert.Equal("patreon", ArgumentRules.Platform("Patreon", patreonOnly));
        Assert.Throws<InvalidArgumentException>(() => ArgumentRules.Platform("onlyfans", patreonOnly));
    }

    [Fact]
    public void OptionalPlatform_Null_MeansNoFilter()
    {
        Assert.Null(ArgumentRules.OptionalPlatform(null, Supported));
    }

    [Fact]
    public void OptionalPlatform_GivenValue_IsValidatedLikeARequiredOne()
    {
        Assert.Equal("fansly", ArgumentRules.OptionalPlatform(" Fansly ", Supported));
        Assert.Throws<InvalidArgumentException>(() => ArgumentRules.OptionalPlatform("myspace", Supported));
    }

    // ---- scrape status --------------------------------------------------------------------------------------

    [Theory]
    [InlineData("idle", "idle")]
    [InlineData("Scraping", "scraping")]
    [InlineData(" SUCCESS ", "success")]
    [InlineData("error", "error")]
    public void ScrapeStatus_EnumValueInAnyCase_IsReturnedLowerCase(string input, string expected)
    {
        Assert.Equal(expected, ArgumentRules.ScrapeStatus(input));
    }

    [Fact]
    public void ScrapeStatus_UnknownValue_MessageNamesFieldQuotesValueAndListsEnum()
    {
        var e = Assert.Throws<InvalidArgumentException>(() => ArgumentRules.ScrapeStatus("done"));

        Assert.Equal("scrape_status", e.Field);
        Assert.Contains("'scrape_status'", e.Message);
        Assert.Contains("\"done\"", e.Message);
        Assert.Contains("idle, scraping, success, error", e.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("queued")]
    public void ScrapeStatus_MissingOrOutsideEnum_IsRefused(string? input)
    {
        Assert.Throws<InvalidArgumentException>(() => ArgumentRules.ScrapeStatus(input));
    }

    [Fact]
    public void OptionalScrapeStatus_NullMeansNoFilter_ValueIsValidated()
    {
        Assert.Null(ArgumentRules.OptionalScrapeStatus(null));
        Assert.Equal("idle", ArgumentRules.OptionalScrapeStatus("IDLE"));
        Assert.Throws<InvalidArgumentException>(() => ArgumentRules.OptionalScrapeStatus("paused"));
    }

    // ---- limit ----------------------------------------------------------------------------------------------

    [Fact]
    public void Limit_Absent_DefaultsTo25()
    {
        Assert.Equal(25, ArgumentRules.Limit(null));
        Assert.Equal(25, ArgumentRules.DefaultLimit);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    [InlineData(100)]
    public void Limit_WithinOneToHundred_IsAccepted(int value)
    {
        Assert.Equal(value, ArgumentRules.Limit(value));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void Limit_OutsideOneToHundred_IsRefusedWithBoundsAndTheValue(int value)
    {
        var e = Assert.Throws<InvalidArgumentException>(() => ArgumentRules.Limit(value));

        Assert.Equal("limit", e.Field);
        Assert.Contains(value.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
        Assert.Contains("1 to 100", e.Message);
        Assert.Contains("default 25", e.Message);
    }
}
