using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Scrapes;

/// <summary>
/// Rows the scrape tests create for themselves through Directus REST (as admin), so that tests which change data never
/// touch the seeded demo rows other tests read: profiles with a unique username, platform_sessions rows with a
/// v1-looking cookies envelope, jobs, HITL rows and media.
/// </summary>
public sealed class ScrapeTestData(LocalDirectus directus) : IDisposable
{
    private readonly HttpClient _http = CreateClient(directus);

    public enum Cookies { None, Valid, NeverExpire, Expired }

    /// <summary>A new profile (owned by <paramref name="ownerId"/>, default the admin) with the given cookie state.</summary>
    public async Task<string> CreateProfileAsync(
        string platform = "onlyfans", Cookies cookies = Cookies.Valid, bool isActive = true, DateTimeOffset? lastScrapedAt = null,
        string? ownerId = null, string status = "idle")
    {
        var username = "it_scr_" + Guid.NewGuid().ToString("N")[..12];
        var owner = ownerId ?? directus.Stack["ADMIN_USER_ID"];
        var profile = await CreateAsync("creator_profiles", new JsonObject
        {
            ["platform"] = platform,
            ["username"] = username,
            ["identity_key"] = $"{owner}:{platform}:{username}".ToLowerInvariant(),
            ["user_id"] = owner,
            ["scrape_status"] = status,
            ["is_active"] = isActive,
            ["last_scraped_at"] = lastScrapedAt?.UtcDateTime.ToString("O"),
        });
        var id = (string)profile["id"]!;
        switch (cookies)
        {
            case Cookies.Valid:
                await AddCookiesAsync(id, platform, DateTimeOffset.UtcNow.AddDays(7));
                break;
            case Cookies.NeverExpire:
                await AddCookiesAsync(id, platform, null);
                break;
            case Cookies.Expired:
                await AddCookiesAsync(id, platform, DateTimeOffset.UtcNow.AddDays(-1));
                break;
        }

        return id;
    }

    /// <summary>A platform_sessions row whose cookies look like a v1 envelope (the server never reads the value).</summary>
    public Task<JsonObject> AddCookiesAsync(string profileId, string platform, DateTimeOffset? expiresAt) =>
        CreateAsync("platform_sessions", new JsonObject
        {
            ["profile_id"] = profileId,
            ["platform"] = platform,
            ["cookies"] = new JsonObject { ["enc"] = "v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA==:dGVzdA==" },
            ["expires_at"] = expiresAt?.UtcDateTime.ToString("O"),
        });

    public async Task<JsonObject> CreateAsync(string collection, JsonObject item)
    {
        using var response = await _http.PostAsJsonAsync($"items/{collection}", item);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {collection}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["data"]!.AsObject();
    }

    public async Task PatchAsync(string collection, string id, JsonObject changes)
    {
        using var response = await _http.PatchAsJsonAsync($"items/{collection}/{id}", changes);
        Assert.True(response.IsSuccessStatusCode, $"PATCH {collection}/{id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<JsonObject> RowAsync(string collection, string id) =>
        (await directus.Rest.ItemsAsync(collection, DirectusRest.Filter(new { id = new { _eq = id } }))).Single()!.AsObject();

    public async Task<List<JsonObject>> RowsOfProfileAsync(string collection, string profileId) =>
        (await directus.Rest.ItemsAsync(collection, DirectusRest.Filter(new { profile_id = new { _eq = profileId } })))
        .Select(r => r!.AsObject()).ToList();

    /// <summary>Every row of the five collections as text: to prove that a refused call wrote nothing anywhere.</summary>
    public async Task<string> SnapshotAsync()
    {
        var parts = new List<string>();
        foreach (var collection in new[] { "creator_profiles", "platform_sessions", "media_jobs", "scraped_media", "hitl_sessions" })
        {
            parts.Add(collection + "\n" + await directus.Rest.SnapshotAsync(collection));
        }

        return string.Join("\n\n", parts);
    }

    public static DateTimeOffset Time(JsonNode? value) => DateTimeOffset.Parse((string)value!, System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => _http.Dispose();

    private static HttpClient CreateClient(LocalDirectus directus)
    {
        var http = new HttpClient { BaseAddress = new Uri(directus.Url.TrimEnd('/') + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", directus.AdminToken);
        return http;
    }
}
