using CreatorProfiles.Mcp.Configuration;
using Microsoft.Extensions.Configuration;

namespace CreatorProfiles.Mcp.UnitTests.Configuration;

public partial class ServerSettingsTests
{
    private const string Canary = "SECRETCANARY";

    private static ServerSettings Load(params (string Key, string? Value)[] variables)
    {
        var values = new Dictionary<string, string?> { ["DIRECTUS_TOKEN"] = "service-token" };
        foreach (var (key, value) in variables)
        {
            values[key] = value;
        }

        return ServerSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
    }

    private static ServerSettings LoadExactly(Dictionary<string, string?> values) =>
        ServerSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build());

    // ---- defaults --------------------------------------------------------------------------------------------

    [Fact]
    public void Load_OnlyAToken_GivesTheDocumentedDefaults()
    {
        var settings = Load();

        Assert.Empty(settings.Errors);
        Assert.Equal(new Uri("http://127.0.0.1:8055"), settings.Directus.BaseUrl);
        Assert.Equal("service-token", settings.Directus.Token);
        Assert.Equal(["onlyfans", "fansly"], settings.Profiles.SupportedPlatforms);
        Assert.Equal(TimeSpan.FromMinutes(15), settings.Profiles.ScrapeCooldown);
        Assert.Empty(settings.Profiles.PlatformCooldowns);
        Assert.Equal(["media-worker"], settings.DecryptRoles);
        Assert.Null(settings.Keyring);
    }
}
