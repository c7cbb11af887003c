using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Http;

/// <summary>
/// Caller tokens only identify (docs/deployment.md): on the demo stack, alice's and bob's own tokens get 403 from
/// Directus itself on every domain collection for read, create, update and delete, while /users/me still names them;
/// the same tokens work through the server, where IsolationMatrixTests proves each tool keeps them to their own rows.
/// </summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class DirectDirectusAccessTests(LocalDirectus directus)
{
    private static readonly string[] Collections = ["creator_profiles", "platform_sessions", "media_jobs", "scraped_media", "hitl_sessions"];

    [Theory]
    [InlineData("ALICE")]
    [InlineData("BOB")]
    public async Task A_creators_token_gets_403_from_Directus_on_every_domain_collection_and_action(string user)
    {
        using var http = new HttpClient { BaseAddress = new Uri(directus.Url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", directus.Stack[$"{user}_TOKEN"]);
        var answers = new List<string>();
        foreach (var collection in Collections)
        {
            var id = (string)(await directus.Rest.ItemsAsync(collection, fields: "id"))[0]!["id"]!; // a seeded row that exists
            answers.Add(await Status(http, HttpMethod.Get, $"items/{collection}?fields=*", null, collection, "read list"));
            answers.Add(await Status(http, HttpMethod.Get, $"items/{collection}/{id}", null, collection, "read one"));
            answers.Add(await Status(http, HttpMethod.Post, $"items/{collection}", "{}", collection, "create"));
            answers.Add(await Status(http, HttpMethod.Patch, $"items/{collection}/{id}", "{}", collection, "update"));
            answers.Add(await Status(http, HttpMethod.Delete, $"items/{collection}/{id}", null, collection, "delete"));
        }

        Assert.All(answers, a => Assert.EndsWith(" 403", a));
        Assert.Equal(directus.Stack[$"{user}_USER_ID"], (string?)(await directus.Rest.MeAsync(directus.Stack[$"{user}_TOKEN"]))["id"]);

        // Through the server (the service token) the same token still works, for its own rows only.
        await using var server = await HttpServerProcess.StartAsync(directus.ServerEnvironment());
        await using var client = await server.ConnectAsync(directus.Stack[$"{user}_TOKEN"]);
        var own = await directus.Rest.ItemsAsync("creator_profiles", DirectusRest.Filter(new { user_id = new { _eq = directus.Stack[$"{user}_USER_ID"] } }), "id");
        var listed = await client.WalkAsync("list_creator_profiles", new());
        Assert.NotEmpty(own);
        Assert.Equal(own.Select(p => (string)p!["id"]!).Order(), listed.Select(p => (string)p["id"]!).Order());
    }

    private static async Task<string> Status(HttpClient http, HttpMethod method, string path, string? body, string collection, string action)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        return $"{collection} {action} {(int)response.StatusCode}";
    }
}
