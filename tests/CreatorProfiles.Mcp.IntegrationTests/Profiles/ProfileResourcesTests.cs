using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace CreatorProfiles.Mcp.IntegrationTests.Profiles;

/// <summary>The resources through the C# SDK client over stdio: the profile template (a hand-written
/// McpServerResource, see ProfileResource) and the platforms resource, against the local Directus.</summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class ProfileResourcesTests(LocalDirectus directus)
{
    private Task<StdioSession> AdminSessionAsync() => StdioSession.StartAsync(directus.ServerEnvironment(), "2025-11-25");

    [Trait("Category", "AotSmoke")]
    [Fact]
    public async Task The_profile_template_is_listed_and_reads_what_get_creator_profile_returns()
    {
        var id = await directus.Rest.ProfileIdAsync("alice_sunrise");
        await using var session = await AdminSessionAsync();

        var template = Assert.Single(await session.Client.ListResourceTemplatesAsync());
        Assert.Equal(("creatorprofiles://profiles/{id}", "creator_profile", "Creator profile", "application/json"),
            (template.UriTemplate, template.Name, template.Title, template.MimeType));
        Assert.False(string.IsNullOrWhiteSpace(template.Description));
        var platforms = Assert.Single(await session.Client.ListResourcesAsync());
        Assert.Equal("creatorprofiles://platforms", platforms.Uri);

        var expected = (await session.Client.CallAsync("get_creator_profile", new { id })).Structured();
        foreach (var uri in (string[])[$"creatorprofiles://profiles/{id}", $"CreatorProfiles://Profiles/{id}"])
        {
            var contents = (TextResourceContents)Assert.Single((await session.Client.ReadResourceAsync(uri)).Contents);
            Assert.Equal((uri, "application/json"), (contents.Uri, contents.MimeType));
            Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(contents.Text)), $"{uri}: {contents.Text}");
        }
    }

    [Fact]
    public async Task A_bad_or_missing_id_is_explained_and_another_uri_is_unknown()
    {
        await using var session = await AdminSessionAsync();

        var missing = await Assert.ThrowsAsync<McpProtocolException>(() => session.Client.ReadResourceAsync($"creatorprofiles://profiles/{Guid.NewGuid()}").AsTask());
        Assert.Contains("No creator profile", missing.Message, StringComparison.OrdinalIgnoreCase);
        var bad = await Assert.ThrowsAsync<McpProtocolException>(() => session.Client.ReadResourceAsync("creatorprofiles://profiles/not-a-uuid").AsTask());
        Assert.Contains("'id'", bad.Message, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<McpProtocolException>(() => session.Client.ReadResourceAsync("creatorprofiles://profiles/a/b").AsTask());
        Assert.Contains("Unknown resource", unknown.Message, StringComparison.Ordinal);

        var platforms = (TextResourceContents)Assert.Single((await session.Client.ReadResourceAsync("creatorprofiles://platforms")).Contents);
        Assert.NotEmpty(JsonNode.Parse(platforms.Text)!["platforms"]!.AsArray());
    }
}
