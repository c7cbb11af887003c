using CreatorProfiles.Mcp.Directus;

namespace CreatorProfiles.Mcp.UnitTests.Directus;

/// <summary>How each error status and Directus error code in a response is mapped.</summary>
public partial class DirectusErrorMapperTests
{
    [Fact]
    public async Task RecordNotUnique_WithField_IsNotUniqueNamingTheColumn()
    {
        var e = await MapAsync(Response(400,
            Error("RECORD_NOT_UNIQUE", "Value for field \"identity_key\" in collection \"creator_profiles\" has to be unique.", "identity_key"),
            HttpMethod.Post, "http://directus.test:8055/items/creator_profiles"));

        Assert.Equal(DirectusErrorKind.NotUnique, e.Kind);
        Assert.Equal("identity_key", e.Field);
        Assert.Equal(400, e.StatusCode);
        Assert.Equal("RECORD_NOT_UNIQUE", e.DirectusCode);
        Assert.Contains("identity_key", e.Message);
        Assert.Contains("POST /items/creator_profiles", e.Message);
    }

    [Fact]
    public async Task RecordNotUnique_WithoutField_IsStillNotUnique()
    {
        var e = await MapAsync(Response(400, Error("RECORD_NOT_UNIQUE"), HttpMethod.Post));

        Assert.Equal(DirectusErrorKind.NotUnique, e.Kind);
        Assert.Null(e.Field);
        Assert.Contains("already exists", e.Message);
    }

    [Fact]
    public async Task InvalidPayload_IsInvalidRequestWithCodeAndDirectusMessage()
    {
        var e = await MapAsync(Response(400, Error("INVALID_PAYLOAD", "Invalid payload. \"platform\" is required."), HttpMethod.Post));

        Assert.Equal(DirectusErrorKind.InvalidRequest, e.Kind);
        Assert.Equal("INVALID_PAYLOAD", e.DirectusCode);
        Assert.Contains("INVALID_PAYLOAD", e.Message);
        Assert.Contains("\"platform\" is required", e.Message);
    }

    [Fact]
    public async Task InvalidPayload_MultiLineLongDirectusMessage_IsShortenedToOneLine()
    {
        var longMessage = "first line\nsecond line\r\n" + new string('m', 1000) + "END";

        var e = await MapAsync(Response(400, Error("INVALID_PAYLOAD", longMessage)));

        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\r', e.Message);
        Assert.DoesNotContain("END", e.Message);
        Assert.True(e.Message.Length < 400, $"message length {e.Message.Length}");
    }

    [Fact]
    public async Task BadRequest_WithoutBody_IsInvalidRequestWithoutDetails()
    {
        var e = await MapAsync(Response(400, null));

        Assert.Equal(DirectusErrorKind.InvalidRequest, e.Kind);
        Assert.Null(e.DirectusCode);
        Assert.Contains("no details given", e.Message);
    }

    [Fact]
    public async Task Unauthorized_PointsAtTheServerToken()
    {
        var e = await MapAsync(Response(401, Error("INVALID_CREDENTIALS", "Invalid user credentials.")));

        Assert.Equal(DirectusErrorKind.Unauthorized, e.Kind);
        Assert.Equal(401, e.StatusCode);
        Assert.Contains("DIRECTUS_TOKEN", e.Message);
        Assert.Contains("GET /items/creator_profiles", e.Message);
    }

    [Fact]
    public async Task Forbidden_IsForbiddenOrMissing()
    {
        var e = await MapAsync(Response(403, Error("FORBIDDEN", "You don't have permission to access this.")));

        Assert.Equal(DirectusErrorKind.ForbiddenOrMissing, e.Kind);
        Assert.Equal(403, e.StatusCode);
        Assert.Contains("403", e.Message);
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public async Task NotFound_IsForbiddenOrMissingSayingNotFound()
    {
        var e = await MapAsync(Response(404, Error("ROUTE_NOT_FOUND", "Route /itemz doesn't exist.")));

        Assert.Equal(DirectusErrorKind.ForbiddenOrMissing, e.Kind);
        Assert.Equal(404, e.StatusCode);
        Assert.Contains("does not exist", e.Message);
        Assert.Contains("DIRECTUS_URL", e.Message);
    }

    [Fact]
    public async Task InternalServerError_IsUnavailable()
    {
        var e = await MapAsync(Response(500, Error("INTERNAL_SERVER_ERROR", "An unexpected error occurred.")));

        Assert.Equal(DirectusErrorKind.Unavailable, e.Kind);
        Assert.Equal(500, e.StatusCode);
        Assert.Contains("unavailable", e.Message);
        Assert.Contains("500", e.Message);
    }

    [Fact]
    public async Task ServiceUnavailable_WithNonJsonBody_IsUnavailableFromTheStatusAlone()
    {
        var e = await MapAsync(Response(503, "<html><body><h1>503 Service Temporarily Unavailable</h1>nginx</body></html>", mediaType: "text/html"));

        Assert.Equal(DirectusErrorKind.Unavailable, e.Kind);
        Assert.Equal(503, e.StatusCode);
        Assert.Null(e.DirectusCode);
        Assert.Contains("503", e.Message);
        Assert.DoesNotContain("nginx", e.Message);
    }

    [Fact]
    public async Task ServiceUnavailable_WithJsonThatIsNotAnErrorBody_IsStillUnavailable()
    {
        var e = await MapAsync(Response(503, """{"errors":"down for maintenance"}"""));

        Assert.Equal(DirectusErrorKind.Unavailable, e.Kind);
    }

    [Fact]
    public async Task UnlistedStatus_IsUnexpectedWithStatusAndCode()
    {
        var e = await MapAsync(Response(429, Error("REQUESTS_EXCEEDED", "Too many requests.")));

        Assert.Equal(DirectusErrorKind.Unexpected, e.Kind);
        Assert.Contains("429", e.Message);
        Assert.Contains("REQUESTS_EXCEEDED", e.Message);
    }
}
