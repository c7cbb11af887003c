namespace CreatorProfiles.Mcp.UnitTests.Configuration;

/// <summary>SUPPORTED_PLATFORMS and the scrape cooldowns, global and per platform.</summary>
public partial class ServerSettingsTests
{
    // ---- SUPPORTED_PLATFORMS ---------------------------------------------------------------------------------

    [Fact]
    public void Load_SupportedPlatforms_AreTrimmedLowerCasedAndDeduplicated()
    {
        var settings = Load(("SUPPORTED_PLATFORMS", " OnlyFans, FANSLY ,patreon,,onlyfans,x-site, my_site2"));

        Assert.Empty(settings.Errors);
        Assert.Equal(["onlyfans", "fansly", "patreon", "x-site", "my_site2"], settings.Profiles.SupportedPlatforms);
    }

    [Theory]
    [InlineData("only fans,fansly")]
    [InlineData("onlyfans;fansly")]
    [InlineData("onlyfans,fans.ly")]
    [InlineData("")]
    [InlineData(" , ")]
    public void Load_MalformedSupportedPlatforms_IsAnErrorAndKeepsTheDefault(string platforms)
    {
        var settings = Load(("SUPPORTED_PLATFORMS", platforms));

        var error = Assert.Single(settings.Errors);
        Assert.StartsWith("SUPPORTED_PLATFORMS", error);
        Assert.Equal(["onlyfans", "fansly"], settings.Profiles.SupportedPlatforms);
    }

    // ---- cooldowns -------------------------------------------------------------------------------------------

    [Fact]
    public void Load_ScrapeCooldown_SetsTheDefaultForEveryPlatform()
    {
        var settings = Load(("SCRAPE_COOLDOWN", "00:30:00"));

        Assert.Empty(settings.Errors);
        Assert.Equal(TimeSpan.FromMinutes(30), settings.Profiles.ScrapeCooldown);
        Assert.Equal(TimeSpan.FromMinutes(30), settings.Profiles.CooldownFor("onlyfans"));
        Assert.Equal(TimeSpan.FromMinutes(30), settings.Profiles.CooldownFor("fansly"));
    }

    [Fact]
    public void Load_ZeroCooldown_IsAllowed()
    {
        var settings = Load(("SCRAPE_COOLDOWN", "00:00:00"));

        Assert.Empty(settings.Errors);
        Assert.Equal(TimeSpan.Zero, settings.Profiles.ScrapeCooldown);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-00:05:00")]
    [InlineData("15 minutes")]
    [InlineData("15")] // parses as 15 days: refused by the 7-day bound
    public void Load_BadScrapeCooldown_IsAnErrorNamingTheVariable(string value)
    {
        var settings = Load(("SCRAPE_COOLDOWN", value));

        var error = Assert.Single(settings.Errors);
        Assert.StartsWith("SCRAPE_COOLDOWN ", error);
        Assert.Equal(TimeSpan.FromMinutes(15), settings.Profiles.ScrapeCooldown);
    }

    [Fact]
    public void Load_PerPlatformCooldown_OverridesOnlyThatPlatform()
    {
        var settings = Load(("SCRAPE_COOLDOWN", "00:20:00"), ("SCRAPE_COOLDOWN_ONLYFANS", "01:00:00"));

        Assert.Empty(settings.Errors);
        Assert.Equal(TimeSpan.FromHours(1), settings.Profiles.PlatformCooldowns["onlyfans"]);
        Assert.Equal(TimeSpan.FromHours(1), settings.Profiles.CooldownFor("onlyfans"));
        Assert.Equal(TimeSpan.FromMinutes(20), settings.Profiles.CooldownFor("fansly"));
    }

    [Fact]
    public void Load_PerPlatformCooldown_ForAHyphenatedPlatform_UsesAnUnderscoreInTheVariable()
    {
        var settings = Load(("SUPPORTED_PLATFORMS", "onlyfans,x-site"), ("SCRAPE_COOLDOWN_X_SITE", "00:05:00"));

        Assert.Empty(settings.Errors);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.Profiles.CooldownFor("x-site"));
        Assert.Equal(TimeSpan.FromMinutes(15), settings.Profiles.CooldownFor("onlyfans"));
    }

    [Fact]
    public void Load_PerPlatformCooldown_ForAnUnsupportedPlatform_IsIgnored()
    {
        var settings = Load(("SCRAPE_COOLDOWN_PATREON", "01:00:00"));

        Assert.Empty(settings.Errors);
        Assert.False(settings.Profiles.PlatformCooldowns.ContainsKey("patreon"));
    }

    [Fact]
    public void Load_BadPerPlatformCooldown_IsAnErrorNamingThatVariable()
    {
        var settings = Load(("SCRAPE_COOLDOWN_ONLYFANS", "later"));

        var error = Assert.Single(settings.Errors);
        Assert.StartsWith("SCRAPE_COOLDOWN_ONLYFANS", error);
        Assert.Equal(TimeSpan.FromMinutes(15), settings.Profiles.CooldownFor("onlyfans"));
    }
}
