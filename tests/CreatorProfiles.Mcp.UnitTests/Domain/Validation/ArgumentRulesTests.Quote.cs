using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Validation;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Validation;

/// <summary>How refusals quote a value: shortened, with control and invisible characters masked.</summary>
public partial class ArgumentRulesTests
{
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
