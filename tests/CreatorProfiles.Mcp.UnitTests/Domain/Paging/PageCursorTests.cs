using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CreatorProfiles.Mcp.Domain.Paging;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Paging;

public partial class PageCursorTests
{
    private const int Offset = 25;
    private static readonly string Fp = PageCursor.Fingerprint("profiles", "onlyfans", null, null, null);

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex UrlSafe();

    [Theory]
    [InlineData(1)]
    [InlineData(Offset)]
    [InlineData(int.MaxValue)]
    public void EncodeThenDecode_WithSameFingerprint_ReturnsTheOffset(int offset)
    {
        var cursor = PageCursor.Encode(offset, Fp);

        Assert.Equal(offset, PageCursor.Decode(cursor, Fp));
    }

    [Fact]
    public void Decode_SurroundingWhitespace_IsTolerated()
    {
        var cursor = PageCursor.Encode(Offset, Fp);

        Assert.Equal(Offset, PageCursor.Decode($"  {cursor}\n", Fp));
    }

    [Fact]
    public void Decode_NoCursor_MeansFirstPageAtOffsetZero()
    {
        Assert.Equal(0, PageCursor.Decode(null, Fp));
    }

    [Fact]
    public void Encode_ProducesOpaqueUrlSafeText()
    {
        var cursor = PageCursor.Encode(Offset, Fp);

        Assert.Matches(UrlSafe(), cursor);
        Assert.DoesNotContain(Fp, cursor);
        Assert.DoesNotContain("offset", cursor);
    }

    [Fact]
    public void Encode_PayloadIsVersionedCamelCaseJsonWithOffsetAndFingerprint()
    {
        var payload = Payload(PageCursor.Encode(Offset, Fp));

        Assert.Equal(["v", "offset", "q"], payload.Select(p => p.Key));
        Assert.Equal(1, (int)payload["v"]!);
        Assert.Equal(Offset, (int)payload["offset"]!);
        Assert.Equal(Fp, (string?)payload["q"]);
    }

    [Fact]
    public void Fingerprint_SameParts_IsStable()
    {
        Assert.Equal(PageCursor.Fingerprint("profiles", "onlyfans", "idle", null), PageCursor.Fingerprint("profiles", "onlyfans", "idle", null));
    }

    [Fact]
    public void Fingerprint_IsShortLowerCaseHex()
    {
        Assert.Matches("^[0-9a-f]{12}$", PageCursor.Fingerprint("profiles", null));
    }

    [Theory]
    [InlineData("onlyfans", "fansly")]
    [InlineData("onlyfans", null)]
    [InlineData("", null)]
    [InlineData("True", "False")]
    [InlineData("True", null)]
    public void Fingerprint_DifferentFilterValue_Differs(string? a, string? b)
    {
        Assert.NotEqual(PageCursor.Fingerprint("profiles", a), PageCursor.Fingerprint("profiles", b));
    }

    [Fact]
    public void Fingerprint_SameValueInAnotherPosition_Differs()
    {
        Assert.NotEqual(PageCursor.Fingerprint("profiles", "idle", null), PageCursor.Fingerprint("profiles", null, "idle"));
        Assert.NotEqual(PageCursor.Fingerprint("ab", "c"), PageCursor.Fingerprint("a", "bc"));
        Assert.NotEqual(PageCursor.Fingerprint("profiles", "x"), PageCursor.Fingerprint("jobs", "x"));
    }

    private static JsonObject Payload(string cursor) =>
        JsonNode.Parse(Base64Url.DecodeFromChars(cursor))!.AsObject();

    private static string Reencode(JsonObject payload) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));
}
