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

    /// <summary>The names of the project's own collections (tables, not Directus's system ones nor folders).</summary>
    public async Task<List<string>> DataCollectionsAsync()
    {
        var body = await _http.GetStringAsync("collections");
        return JsonNode.Parse(body)!["data"]!.AsArray()
            .Where(c => c!["schema"] is not null)
            .Select(c => (string)c!["collection"]!)
            .Where(name => !name.StartsWith("directus_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public async Task<JsonObject> MeAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "users/me?fields=id,email");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!.AsObject();
    }

    /// <summary>Deletes rows by id (a test's own rows, so the seeded data stays as the other tests expect it).</summary>
    public async Task DeleteAsync(string collection, params string[] ids)
    {
        foreach (var id in ids)
        {
            using var response = await _http.DeleteAsync($"items/{collection}/{id}");
            response.EnsureSuccessStatusCode();
        }
    }

    public static string Filter(object filter) => JsonSerializer.Serialize(filter);

    /// <summary>The id of a seeded profile by its username (each seeded username is used once).</summary>
    public async Task<string> ProfileIdAsync(string username) =>
        (string)(await ItemsAsync("creator_profiles", Filter(new { username = new { _eq = username } }), "id")).Single()!["id"]!;

    /// <summary>Every row of a collection as text, in a stable order: to prove a refused call wrote nothing.</summary>
    public async Task<string> SnapshotAsync(string collection)
    {
        var rows = await ItemsAsync(collection);
        return string.Join('\n', rows.Select(r => r!.ToJsonString()).Order(StringComparer.Ordinal));
    }

    public void Dispose() => _http.Dispose();
}
