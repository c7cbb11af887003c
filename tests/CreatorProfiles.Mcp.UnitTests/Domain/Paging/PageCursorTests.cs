using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CreatorProfiles.Mcp.Domain;
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

    [Theory]
    [InlineData("!!!not base64!!!")]
    [InlineData("abc$def")]
    [InlineData("a")] // a single base64 character cannot encode a byte
    [InlineData("")]
    [InlineData("   ")]
    public void Decode_NotBase64Url_IsAnInvalidCursor(string cursor)
    {
        var e = Assert.Throws<InvalidArgumentException>(() => PageCursor.Decode(cursor, Fp));

        Assert.Equal("cursor", e.Field);
        Assert.Contains("next_cursor", e.Message);
    }

    [Fact]
    public void Decode_MalformedCursor_QuotesItShortened()
    {
        var junk = "%%%" + new string('z', 500);

        var e = Assert.Throws<InvalidArgumentException>(() => PageCursor.Decode(junk, Fp));

        Assert.Contains("\"%%%zzz", e.Message);
        Assert.DoesNotContain(new string('z', 100), e.Message);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"v\":1,")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("{}")]
    [InlineData("{\"v\":\"1\",\"offset\":25}")]
    [InlineData("{\"v\":1,\"offset\":\"25\"}")]
    [InlineData("{\"v\":1,\"offset\":2.5}")]
    [InlineData("{\"v\":1,\"offset\":99999999999}")]
    [InlineData("{\"v\":1,\"offset\":null}")]
    [InlineData("{\"v\":1,\"after\":\"0b7e3a52-9c1d-4f6e-8a2b-5d4c3b2a1f0e\"}")] // a keyset cursor from before offsets
    public void Decode_ValidBase64OfGarbageJson_IsAnInvalidCursor(string json)
    {
        var cursor = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

        var e = Assert.Throws<InvalidArgumentException>(() => PageCursor.Decode(cursor, Fp));

        Assert.Equal("cursor", e.Field);
    }

    [Fact]
    public void Decode_OtherVersion_IsAnInvalidCursor()
    {
        var payload = Payload(PageCursor.Encode(Offset, Fp));
        payload["v"] = 2;

        var e = Assert.Throws<InvalidArgumentException>(() => PageCursor.Decode(Reencode(payload), Fp));

        Assert.Equal("cursor", e.Field);
    }

    [Fact]
    public void Decode_UntouchedPayloadReencoded_StillDecodes()
    {
        // Guards the tests that edit a payload: the edit, not the re-encoding, is what they refuse.
        var payload = Payload(PageCursor.Encode(Offset, Fp));

        Assert.Equal(Offset, PageCursor.Decode(Reencode(payload), Fp));
    }

    [Theory]
    [InlineData(0)] // the first page has no cursor; a cursor always points past it
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Decode_OffsetNotPositive_IsAnInvalidCursor(int offset)
    {
        var payload = Payload(PageCursor.Encode(Offset, Fp));
        payload["offset"] = offset;

        var e = Assert.Throws<InvalidArgumentException>(() => PageCursor.Decode(Reencode(payload), Fp));

        Assert.Equal("cursor", e.Field);
    }

    [Fact]
    public void Decode_OffsetMissing_IsAnInvalidCursor()
    {
        var payload = Payload(PageCursor.Encode(Offset, Fp));
        payload.Remove("offset");

        Assert.Throws<InvalidArgumentException>(() => PageCursor.Decode(Reencode(payload), Fp));
    }

    [Fact]
    public void Decode_FingerprintMissing_IsRefused()
    {
        var payload = Payload(PageCursor.Encode(Offset, Fp));
        payload.Remove("q");

        Assert.Throws<InvalidArgumentException>(() => PageCursor.Decode(Reencode(payload), Fp));
    }

    [Fact]
    public void Decode_CursorFromAQueryWithOtherFilters_IsRefusedSayingSo()
    {
        var cursor = PageCursor.Encode(Offset, PageCursor.Fingerprint("profiles", "fansly", null, null, null));

        var e = Assert.Throws<InvalidArgumentException>(() => PageCursor.Decode(cursor, Fp));

        Assert.Equal("cursor", e.Field);
        Assert.Contains("other filters", e.Message);
        Assert.Contains("same filters", e.Message);
    }

    [Fact]
    public void Decode_FingerprintDifferingOnlyInCase_IsRefused()
    {
        var payload = Payload(PageCursor.Encode(Offset, Fp));
        payload["q"] = Fp.ToUpperInvariant();
        Assert.NotEqual(Fp, Fp.ToUpperInvariant()); // hex with at least one letter

        Assert.Throws<InvalidArgumentException>(() => PageCursor.Decode(Reencode(payload), Fp));
    }

    [Fact]
    public void Decode_CustomFieldName_IsNamedInTheRefusal()
    {
        var e = Assert.Throws<InvalidArgumentException>(() => PageCursor.Decode("@@", Fp, "page_token"));

        Assert.Equal("page_token", e.Field);
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

    // ---- Page.From -------------------------------------------------------------------------------------------

    [Fact]
    public void PageFrom_LimitPlusOneRows_KeepsLimitItemsAndPointsTheCursorPastThem()
    {
        var page = Page.From([1, 2, 3], limit: 2, offset: 10, Fp, n => n * 10);

        Assert.Equal([10, 20], page.Items);
        Assert.Equal(12, PageCursor.Decode(page.NextCursor, Fp));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void PageFrom_AtMostLimitRows_IsTheLastPage(int rows)
    {
        var page = Page.From(Enumerable.Range(1, rows).ToList(), limit: 2, offset: 4, Fp, n => n);

        Assert.Equal(rows, page.Items.Count);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public void PageFrom_FirstPage_CursorPointsAtTheLimit()
    {
        var page = Page.From([1, 2, 3, 4], limit: 3, offset: 0, Fp, n => n);

        Assert.Equal(3, PageCursor.Decode(page.NextCursor, Fp));
    }

    private static JsonObject Payload(string cursor) =>
        JsonNode.Parse(Base64Url.DecodeFromChars(cursor))!.AsObject();

    private static string Reencode(JsonObject payload) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));
}
