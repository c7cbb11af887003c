using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Domain.Profiles;
using CreatorProfiles.Mcp.Tools;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Profiles;

/// <summary>The profile view returned: credentials by presence and format only, and the contract field names.</summary>
public sealed partial class ProfileServiceTests
{
    [Theory]
    [InlineData(null, false, "none")]
    [InlineData("{}", false, "none")]
    [InlineData("{\"enc\":\"v1:SECRETCANARY:tag:ct\"}", true, "v1")]
    [InlineData("\"v1:SECRETCANARY:tag:ct\"", true, "legacy_encrypted")]
    [InlineData("{\"username\":\"me\",\"password\":\"SECRETCANARY\"}", true, "legacy_plaintext")]
    [InlineData("\"SECRETCANARY\"", true, "legacy_plaintext")]
    public async Task ListAsync_Items_ReportCredentialsPresenceAndFormatOnly(string? stored, bool hasCredentials, string format)
    {
        _rows = [Row(1, credentials: stored is null ? null : Json(stored))];

        var page = await Service().ListCreatorProfilesAsync(new ProfileListRequest(), CancellationToken.None);

        var item = Assert.Single(page.Items);
        Assert.Equal(hasCredentials, item.HasCredentials);
        Assert.Equal(format, item.CredentialsFormat);
        var json = JsonSerializer.Serialize(page, ToolsJson.Options);
        Assert.DoesNotContain("SECRETCANARY", json);
        Assert.DoesNotContain("\"credentials\"", json);
        Assert.DoesNotContain("password", json);
    }

    [Fact]
    public void ProfileView_HasNoMemberThatCouldCarryTheStoredValue()
    {
        var properties = typeof(ProfileView).GetProperties();

        Assert.DoesNotContain(properties, p => p.Name.Equals("Credentials", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(properties, p => p.PropertyType == typeof(JsonElement) || p.PropertyType == typeof(JsonElement?) || p.PropertyType == typeof(JsonNode));
    }

    [Fact]
    public async Task ListAsync_Items_SerialiseWithTheContractFieldNames()
    {
        _rows = [Row(1, credentials: Json("{\"enc\":\"v1:a:b:c\"}"))];

        var page = await Service().ListCreatorProfilesAsync(new ProfileListRequest(), CancellationToken.None);

        var item = JsonNode.Parse(JsonSerializer.Serialize(page, ToolsJson.Options))!["items"]![0]!.AsObject();
        Assert.Equal(_rows[0].Id, (string?)item["id"]);
        Assert.Equal(Alice, (string?)item["user_id"]);
        Assert.Equal("onlyfans", (string?)item["platform"]);
        Assert.Equal("creator1", (string?)item["untrusted"]!["username"]); // read back from Directus: untrusted
        Assert.False(item.ContainsKey("username"));
        Assert.Equal("idle", (string?)item["scrape_status"]);
        Assert.True((bool)item["is_active"]!);
        Assert.True((bool)item["has_credentials"]!);
        Assert.Equal("v1", (string?)item["credentials_format"]);
        Assert.True(item.ContainsKey("created_at"));
        Assert.False(item.ContainsKey("identity_key"));
    }
}
