using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;

namespace CreatorProfiles.Mcp.UnitTests.Directus;

public partial class DirectusErrorMapperTests
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
}
