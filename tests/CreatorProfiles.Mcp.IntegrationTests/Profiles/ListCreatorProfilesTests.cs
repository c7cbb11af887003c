using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Profiles;

/// <summary>list_creator_profiles through the C# SDK client over stdio, checked against Directus itself.</summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class ListCreatorProfilesTests(LocalDirectus directus)
{
    public static TheoryData<string?> ProtocolVersions => new() { null, "2025-11-25" };

    [Trait("Category", "AotSmoke")]
    [Theory]
    [MemberData(nameof(ProtocolVersions))]
    public async Task Cursor_walk_returns_every_profile_exactly_once_with_the_stored_values(string? protocolVersion)
    {
        await using var session = await StdioSession.StartAsync(directus.ServerEnvironment(), protocolVersion);
        var expected = (await directus.Rest.ItemsAsync("creator_profiles")).Select(p => p!.AsObject()).ToDictionary(p => (string)p["id"]!);
        Assert.True(expected.Count >= 12, "the demo data has at least 12 profiles");

        var walked = await session.Client.WalkAsync("list_creator_profiles", new() { ["limit"] = 5 });

        Assert.Equal(walked.Count, walked.Select(p => (string)p["id"]!).Distinct().Count());
        Assert.Equal(expected.Keys.Order(), walked.Select(p => (string)p["id"]!).Order());
        foreach (var item in walked)
        {
            var row = expected[(string)item["id"]!];
            Assert.Equal((string?)row["platform"], (string?)item["platform"]);
            Assert.Equal((string?)row["username"], (string?)item["untrusted"]!["username"]);
            Assert.Equal((string?)row["scrape_status"], (string?)item["scrape_status"]);
            Assert.Equal((bool)row["is_active"]!, (bool)item["is_active"]!);
            Assert.Equal((string?)row["user_id"], (string?)item["user_id"]);
            Assert.Equal((string?)row["last_error"], (string?)item["untrusted"]!["last_error"]);
            Assert.Equal(row["credentials"] is not null, (bool)item["has_credentials"]!);
            Assert.Null(item["credentials"]);
        }

        var formats = walked.Select(p => (string)p["credentials_format"]!).ToHashSet();
        Assert.Equal(new HashSet<string> { "none", "v1", "legacy_encrypted", "legacy_plaintext" }, formats); // the demo data has every format
    }

    [Theory]
    [InlineData("platform", "onlyfans")]
    [InlineData("platform", "fansly")]
    [InlineData("scrape_status", "idle")]
    [InlineData("scrape_status", "scraping")]
    [InlineData("scrape_status", "success")]
    [InlineData("scrape_status", "error")]
    [InlineData("is_active", true)]
    [InlineData("is_active", false)]
    public async Task Each_filter_returns_exactly_the_matching_rows(string field, object value)
    {
        await using var session = await StdioSession.StartAsync(directus.ServerEnvironment(), "2025-11-25");
        var expected = await directus.Rest.ItemsAsync("creator_profiles", DirectusRest.Filter(new Dictionary<string, object> { [field] = new { _eq = value } }), "id");
        Assert.NotEmpty(expected); // the demo data covers every value

        var listed = await session.Client.WalkAsync("list_creator_profiles", new() { [field] = value, ["limit"] = 100 });

        Assert.Equal(expected.Select(p => (string)p!["id"]!).Order(), listed.Select(p => (string)p["id"]!).Order());
    }

    [Fact]
    public async Task Platform_filter_is_case_insensitive()
    {
        await using var session = await StdioSession.StartAsync(directus.ServerEnvironment(), "2025-11-25");
        var lower = await session.Client.WalkAsync("list_creator_profiles", new() { ["platform"] = "fansly" });
        var mixed = await session.Client.WalkAsync("list_creator_profiles", new() { ["platform"] = " FanSly " });
        Assert.Equal(lower.Select(p => (string)p["id"]!), mixed.Select(p => (string)p["id"]!));
    }

    public static TheoryData<string, string, string> BadArguments => new()
    {
        { """{"limit":0}""", "'limit'", "1 to 100" },
        { """{"limit":1000}""", "'limit'", "1 to 100" },
        { """{"limit":"ten"}""", "'limit'", "integer" },
        { """{"scrape_status":"done"}""", "'scrape_status'", "idle, scraping, success, error" },
        { """{"platform":"myspace"}""", "'platform'", "onlyfans, fansly" },
        { """{"user_id":"not-a-uuid"}""", "'user_id'", "UUID" },
        { """{"cursor":"bm90LWEtY3Vyc29y"}""", "'cursor'", "next_cursor" },
        { """{"is_active":"yes"}""", "'is_active'", "boolean" },
        { """{"scrape_statuz":"idle"}""", "'scrape_statuz'", "Allowed arguments" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task Bad_arguments_are_tool_errors_that_name_the_field_and_what_is_allowed(string argumentsJson, string field, string allowed)
    {
        await using var session = await StdioSession.StartAsync(directus.ServerEnvironment(), "2025-11-25");
        var arguments = JsonNode.Parse(argumentsJson)!.AsObject().ToDictionary(p => p.Key, p => (object?)p.Value);

        var result = await session.Client.CallAsync("list_creator_profiles", arguments);

        Assert.True(result.IsError);
        var message = result.Text();
        Assert.Contains(field, message);
        Assert.Contains(allowed, message);
        Assert.DoesNotContain("   at ", message); // no stack trace
    }

    [Fact]
    public async Task A_cursor_is_refused_when_the_filters_change()
    {
        await using var session = await StdioSession.StartAsync(directus.ServerEnvironment(), "2025-11-25");
        var first = (await session.Client.CallAsync("list_creator_profiles", new { limit = 2 })).Structured();
        var cursor = (string)first["next_cursor"]!;

        var result = await session.Client.CallAsync("list_creator_profiles", new { limit = 2, cursor, platform = "fansly" });

        Assert.True(result.IsError);
        Assert.Contains("other filters", result.Text());
    }

    [Trait("Category", "AotSmoke")]
    [Fact]
    public async Task A_non_admin_token_sees_only_its_own_profiles()
    {
        var alice = directus.Stack["ALICE_USER_ID"];
        var bob = directus.Stack["BOB_USER_ID"];
        await using var session = await StdioSession.StartAsync(directus.ServerEnvironment(directus.Stack["ALICE_TOKEN"]), "2025-11-25");
        var expected = await directus.Rest.ItemsAsync("creator_profiles", DirectusRest.Filter(new { user_id = new { _eq = alice } }), "id");

        var listed = await session.Client.WalkAsync("list_creator_profiles", new());
        var askedForBob = await session.Client.WalkAsync("list_creator_profiles", new() { ["user_id"] = bob });

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(p => (string)p!["id"]!).Order(), listed.Select(p => (string)p["id"]!).Order());
        Assert.Empty(askedForBob);
    }
}
