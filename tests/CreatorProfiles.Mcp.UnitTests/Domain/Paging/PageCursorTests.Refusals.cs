using System.Buffers.Text;
using System.Text;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Paging;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Paging;

/// <summary>Cursors Decode refuses: not base64url, bad JSON, another version or offset, other filters.</summary>
public partial class PageCursorTests
{
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
}
