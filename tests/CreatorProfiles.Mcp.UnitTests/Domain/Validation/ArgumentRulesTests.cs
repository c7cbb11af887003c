using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Validation;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Validation;

public class ArgumentRulesTests
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

    // ---- UUID -----------------------------------------------------------------------------------------------

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

    // ---- Quote ----------------------------------------------------------------------------------------------

    [Fact]
    public void Quote_Null_SaysMissing()
    {
        Assert.Equal("(missing)", ArgumentRules.Quote(null));
    }

    [Fact]
    public void Quote_ShortValue_IsWrappedInDoubleQuotesUnchanged()
    {
        Assert.Equal("\"onlyfans\"", ArgumentRules.Quote("onlyfans"));
        Assert.Equal("\"\"", ArgumentRules.Quote(""));
    }

    [Fact]
    public void Quote_SixtyCharacters_AreKeptWhole()
    {
        var value = new string('a', 60);

        Assert.Equal($"\"{value}\"", ArgumentRules.Quote(value));
    }

    [Fact]
    public void Quote_LongValue_IsShortenedWithAnEllipsis()
    {
        var value = "HEAD" + new string('x', 10_000) + "TAIL";

        var quoted = ArgumentRules.Quote(value);

        Assert.True(quoted.Length <= 64, $"quoted length {quoted.Length}");
        Assert.StartsWith("\"HEAD", quoted);
        Assert.EndsWith("…\"", quoted);
        Assert.DoesNotContain("TAIL", quoted);
    }

    [Fact]
    public void Quote_ControlCharacters_AreMasked()
    {
        var quoted = ArgumentRules.Quote("a\nb\r\tc\0d\u001b[31me\u007f");

        Assert.DoesNotContain(quoted, char.IsControl);
        Assert.Equal("\"a?b??c?d?[31me?\"", quoted);
    }

    [Fact]
    public void Quote_ControlCharacterPastTheCut_DoesNotSurvive()
    {
        var quoted = ArgumentRules.Quote(new string('a', 59) + "\n\n\n");

        Assert.DoesNotContain(quoted, char.IsControl);
    }

    [Fact]
    public void Quote_LineSeparatorsAndInvisibleFormatCharacters_AreMasked()
    {
        var quoted = ArgumentRules.Quote("a\u2028b\u2029c\u202Ed\u200Be");

        Assert.Equal("\"a?b?c?d?e\"", quoted);
    }

    [Fact]
    public void Refusal_ForAHugeValue_StaysShort()
    {
        var e = Assert.Throws<InvalidArgumentException>(() => ArgumentRules.Platform(new string('p', 50_000), Supported));

        Assert.True(e.Message.Length < 300, $"message length {e.Message.Length}");
    }
}
