using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;

namespace CreatorProfiles.Mcp.UnitTests.Directus;

public class DirectusErrorMapperTests
{
    private const string Canary = "SECRETCANARY";
    private const string Url = "http://directus.test:8055/items/creator_profiles?filter=%7B%22username%22%3A%22" + Canary + "%22%7D&fields=id";

    private static HttpResponseMessage Response(int status, string? body, HttpMethod? method = null, string url = Url, string mediaType = "application/json")
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "TOKEN" + Canary);
        return new HttpResponseMessage((HttpStatusCode)status)
        {
            Content = body is null ? new ByteArrayContent([]) : new StringContent(body, Encoding.UTF8, mediaType),
            RequestMessage = request,
        };
    }

    private static string Error(string code, string message = "Something went wrong.", string? field = null)
    {
        var extensions = new JsonObject { ["code"] = code };
        if (field is not null)
        {
            extensions["field"] = field;
        }

        return new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["extensions"] = extensions }),
        }.ToJsonString();
    }

    private static async Task<DirectusException> MapAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var exception = await DirectusErrorMapper.FromResponseAsync(response);
            return Assert.IsType<DirectusException>(exception);
        }
    }

    [Fact]
    public async Task Success_IsNotAnError()
    {
        using var response = Response(200, """{"data":[]}""");

        Assert.Null(await DirectusErrorMapper.FromResponseAsync(response));
    }

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

    [Fact]
    public void FromTransportFailure_TimedOut_IsTimeout()
    {
        var inner = new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout " + Canary);

        var e = DirectusErrorMapper.FromTransportFailure(inner, HttpMethod.Get, new Uri(Url), timedOut: true);

        Assert.Equal(DirectusErrorKind.Timeout, e.Kind);
        Assert.Same(inner, e.InnerException);
        Assert.Contains("GET /items/creator_profiles", e.Message);
        Assert.Contains("in time", e.Message);
        Assert.DoesNotContain(Canary, e.Message);
    }

    [Fact]
    public void FromTransportFailure_Unreachable_IsUnavailable()
    {
        var inner = new HttpRequestException("Connection refused (" + Canary + ".internal:8055)");

        var e = DirectusErrorMapper.FromTransportFailure(inner, HttpMethod.Post, new Uri(Url), timedOut: false);

        Assert.Equal(DirectusErrorKind.Unavailable, e.Kind);
        Assert.Same(inner, e.InnerException);
        Assert.Contains("POST /items/creator_profiles", e.Message);
        Assert.Contains("DIRECTUS_URL", e.Message);
        Assert.DoesNotContain(Canary, e.Message);
    }

    [Fact]
    public void FromStatus_WithoutRequestDetails_StillGivesAMessage()
    {
        var e = DirectusErrorMapper.FromStatus(502, null, null, null);

        Assert.Equal(DirectusErrorKind.Unavailable, e.Kind);
        Assert.Contains("502", e.Message);
    }
}
