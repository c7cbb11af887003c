using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.UnitTests.Docs;

namespace CreatorProfiles.Mcp.UnitTests.Directus;

/// <summary>
/// The schema the project ships (samples/directus/schema.json, what the local stack and a production Directus apply)
/// holds every collection and field <see cref="DirectusSchema"/> names, with the unique keys the exactly-once
/// guarantees rest on marked UNIQUE. <c>doctor</c> checks the same list against a running Directus.
/// </summary>
public sealed class DirectusSchemaTests
{
    private static readonly JsonArray ShippedFields =
        JsonNode.Parse(File.ReadAllText(Path.Combine(DocsGenerator.Root, "samples", "directus", "schema.json")))!["fields"]!.AsArray();

    private static JsonNode? Field(string collection, string field) =>
        ShippedFields.FirstOrDefault(f => (string?)f!["collection"] == collection && (string?)f["field"] == field);

    [Fact]
    public void Every_field_the_server_names_is_in_the_shipped_schema()
    {
        var missing = DirectusSchema.Collections
            .SelectMany(c => c.Value.Select(field => (Collection: c.Key, Field: field)))
            .Where(f => Field(f.Collection, f.Field) is null)
            .Select(f => $"{f.Collection}.{f.Field}")
            .ToList();

        Assert.True(missing.Count == 0, "schema.json lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_unique_keys_are_unique_in_the_shipped_schema()
    {
        Assert.Equal(3, DirectusSchema.UniqueKeys.Count);
        Assert.All(DirectusSchema.UniqueKeys, key =>
            Assert.True((bool?)Field(key.Collection, key.Field)?["schema"]?["is_unique"] == true, $"{key.Collection}.{key.Field} is not UNIQUE"));
    }

    [Fact]
    public void The_one_to_many_aliases_the_selections_read_through_exist()
    {
        foreach (var alias in new[] { DirectusSchema.Profiles.MediaJobs, DirectusSchema.Profiles.HitlSessions, DirectusSchema.Profiles.PlatformSessions })
        {
            Assert.Equal("alias", (string?)Field(DirectusSchema.Profiles.Collection, alias)?["type"]);
        }
    }

    [Fact]
    public void No_selection_reads_the_cookies_except_the_decrypt_endpoints()
    {
        var selections = new[]
        {
            DirectusSchema.Selections.Profile, DirectusSchema.Selections.ProfileDetails, DirectusSchema.Selections.ProfileTrigger,
            DirectusSchema.Selections.ProfileWatch, DirectusSchema.Selections.ProfileSummary, DirectusSchema.Selections.ProfileEntryTarget,
        };

        Assert.All(selections, s => Assert.DoesNotContain(DirectusSchema.PlatformSessions.Cookies, s.Split(',').Select(f => f.Split('.')[^1])));
        Assert.Contains(DirectusSchema.PlatformSessions.Cookies, DirectusSchema.Selections.SessionCookies.Split(','));
    }
}
