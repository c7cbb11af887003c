using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

/// <summary>Direct REST access to the test Directus as admin: the ground truth tool results are checked against.</summary>
public sealed class DirectusRest : IDisposable
{
    private readonly HttpClient _http;

    public DirectusRest(Uri baseUrl, string token)
    {
        _http = new HttpClient { BaseAddress = baseUrl };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async Task<JsonArray> ItemsAsync(string collection, string? filterJson = null, string fields = "*")
    {
        var url = $"items/{collection}?limit=-1&fields={Uri.EscapeDataString(fields)}";
        if (filterJson is not null)
        {
            url += "&filter=" + Uri.EscapeDataString(filterJson);
        }

        var body = await _http.GetStringAsync(url);
        return JsonNode.Parse(body)!["data"]!.AsArray();
    }

    public async Task<JsonObject> MeAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "users/me?fields=id,email");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!.AsObject();
    }

    public static string Filter(object filter) => JsonSerializer.Serialize(filter);

    public void Dispose() => _http.Dispose();
}
