using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;

namespace CreatorProfiles.Mcp.IntegrationTests.Profiles;

/// <summary>Directus reads the filter values true, false, null and NULL as a boolean or null, and its _icontains then
/// failed with a 500 ("Directus is unavailable"): search_creator_profiles with such a query must search, found by the
/// schema-driven fuzzer.</summary>
[Collection(LocalDirectusCollection.Name)]
public sealed class SearchFilterWordsTests(LocalDirectus directus)
{
    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("null")]
    [InlineData("NULL")]
    public async Task A_query_that_Directus_would_read_as_a_boolean_or_null_finds_the_handles_containing_it(string query)
    {
        var username = $"it_{Guid.NewGuid().ToString("N")[..6]}_{query.ToUpperInvariant()}_{query}";
        await using var session = await StdioSession.StartAsync(directus.ServerEnvironment(), "2025-11-25");
        var created = (await session.Client.CallAsync("create_creator_profile", new { platform = "fansly", username })).Structured();
        try
        {
            var found = await session.Client.WalkAsync("search_creator_profiles", new() { ["platform"] = "fansly", ["query"] = query });

            Assert.Contains(found, p => (string?)p["untrusted"]!["username"] == username);
            Assert.All(found, p => Assert.Contains(query, (string)p["untrusted"]!["username"]!, StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            await directus.Rest.DeleteAsync("creator_profiles", (string)created["id"]!);
        }
    }
}
