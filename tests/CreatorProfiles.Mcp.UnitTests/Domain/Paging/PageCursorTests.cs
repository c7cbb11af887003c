using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Paging;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Paging;

public partial class PageCursorTests
{
    private const string Id = "0b7e3a52-9c1d-4f6e-8a2b-5d4c3b2a1f0e";
    private static readonly string Fp = PageCursor.Fingerprint("profiles", "onlyfans", null, null, null);

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex UrlSafe();

    [Fact]
    public void EncodeThenDecode_WithSameFingerprint_ReturnsTheId()
    {
        var cursor = PageCursor.Encode(Id, Fp);

        Assert.Equal(Id, PageCursor.Decode(cursor, Fp));
    }

    [Fact]
    public void Decode_SurroundingWhitespace_IsTolerated()
    {
        var cursor = PageCursor.Encode(Id, Fp);

        Assert.Equal(Id, PageCursor.Decode($"  {cursor}\n", Fp));
    }

    [Fact]
    public void Decode_NoCursor_MeansFirstPage()
    {
        Assert.Null(PageCursor.Decode(null, Fp));
    }

    [Fact]
    public void Encode_ProducesOpaqueUrlSafeText()
    {
        var cursor = PageCursor.Encode(Id, Fp);

        Assert.Matches(UrlSafe(), cursor);
        Assert.DoesNotContain(Id, cursor);
        Assert.DoesNotContain(Fp, cursor);
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
    [InlineData("{\"v\":\"1\",\"after\":\"0b7e3a52-9c1d-4f6e-8a2b-5d4c3b2a1f0e\"}")]
    public void Decode_ValidBase64OfGarbageJson_IsAnInvalidCursor(string json)
    {
        var cursor = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

        var e = Assert.Throws<InvalidArgumentException>(() => PageCursor.Decode(cursor, Fp));

        Assert.Equal("cursor", e.Field);
    }

    [Fact]
    public void Decode_OtherVersion_IsAnInvalidCursor()
    {
        var payload = Payload(PageCursor.Encode(Id, Fp));
        var versionKey = payload.Single(p => p.Value is JsonValue v && v.TryGetValue<int>(out _)).Key;
        payload[versionKey] = 2;

        Assert.Throws<InvalidArgumentException>(() => PageCursor.Decode(Reencode(payload), Fp));
    }

    [Fact]
    public void Decode_UntouchedPayloadReencoded_StillDecodes()
    {
        // Guards the two tests that edit a payload: the edit, not the re-encoding, is what they refuse.
        var payload = Payload(PageCursor.Encode(Id, Fp));

        Assert.Equal(Id, PageCursor.Decode(Reencode(payload), Fp));
    }

    [Theory]
    [InlineData("'; drop table creator_profiles; --")]
    [InlineData("{0b7e3a52-9c1d-4f6e-8a2b-5d4c3b2a1f0e}")]
    [InlineData("")]
    public void Decode_AfterIdNotAUuid_IsAnInvalidCursor(string after)
    {
        var payload = Payload(PageCursor.Encode(Id, Fp));
        var idKey = payload.Single(p => p.Value is JsonValue v && v.TryGetValue<string>(out var s) && s == Id).Key;
        payload[idKey] = after;

        Assert.Throws<InvalidArgumentException>(() => PageCursor.Decode(Reencode(payload), Fp));
    }

    [Fact]
    public void Decode_CursorFromAQueryWithOtherFilters_IsRefusedSayingSo()
    {
        var cursor = PageCursor.Encode(Id, PageCursor.Fingerprint("profiles", "fansly", null, null, null));

        var e = Assert.Throws<InvalidArgumentException>(() => PageCursor.Decode(cursor, Fp));

        Assert.Equal("cursor", e.Field);
        Assert.Contains("other filters", e.Message);
        Assert.Contains("same filters", e.Message);
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

    private static JsonObject Payload(string cursor) =>
        JsonNode.Parse(Base64Url.DecodeFromChars(cursor))!.AsObject();

    private static string Reencode(JsonObject payload) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));
}
