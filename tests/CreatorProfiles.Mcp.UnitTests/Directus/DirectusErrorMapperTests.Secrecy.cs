namespace CreatorProfiles.Mcp.UnitTests.Directus;

/// <summary>Error messages never carry the query string or the token.</summary>
public partial class DirectusErrorMapperTests
{
    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Message_NeverContainsTheQueryStringOrTheToken(int status)
    {
        var e = await MapAsync(Response(status, Error("SOME_CODE", "Plain message.")));

        Assert.DoesNotContain(Canary, e.Message);
        Assert.DoesNotContain("filter", e.Message);
        Assert.DoesNotContain("?", e.Message);
    }

    [Fact]
    public async Task RecordNotUnique_MessageDoesNotContainTheQueryString()
    {
        var e = await MapAsync(Response(400, Error("RECORD_NOT_UNIQUE", field: "active_key"), HttpMethod.Post,
            "http://directus.test/items/media_jobs?fields=id&filter=" + Canary));

        Assert.DoesNotContain(Canary, e.Message);
    }
}
