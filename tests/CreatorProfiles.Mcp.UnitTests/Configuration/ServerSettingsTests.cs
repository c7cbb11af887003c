using System.Security.Cryptography;
using System.Text;
using CreatorProfiles.Mcp.Configuration;
using CreatorProfiles.Mcp.Domain.Credentials;
using Microsoft.Extensions.Configuration;

namespace CreatorProfiles.Mcp.UnitTests.Configuration;

public class ServerSettingsTests
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

    // ---- DIRECTUS_URL ----------------------------------------------------------------------------------------

    [Theory]
    [InlineData("http://directus:8055", "http://directus:8055/")]
    [InlineData("https://cms.example.com/", "https://cms.example.com/")]
    [InlineData("  http://10.0.0.5:8055  ", "http://10.0.0.5:8055/")]
    [InlineData("http://proxy.example.com/directus", "http://proxy.example.com/directus")]
    public void Load_HttpUrl_IsUsedAsBaseUrl(string url, string expected)
    {
        var settings = Load(("DIRECTUS_URL", url));

        Assert.Empty(settings.Errors);
        Assert.Equal(new Uri(expected), settings.Directus.BaseUrl);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("directus:8055")]
    [InlineData("10.1.2.3:8055")]
    [InlineData("ftp://directus.example.com")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/relative/path")]
    [InlineData("http://admin:" + Canary + "@directus.example.com")]
    [InlineData("http://directus.example.com/?access_token=" + Canary)]
    public void Load_MalformedUrl_IsOneErrorNamingTheVariableWithoutEchoingIt(string url)
    {
        var settings = Load(("DIRECTUS_URL", url));

        var error = Assert.Single(settings.Errors);
        Assert.StartsWith("DIRECTUS_URL", error);
        Assert.DoesNotContain(Canary, error);
        Assert.DoesNotContain(url, error);
        Assert.Equal(new Uri("http://127.0.0.1:8055"), settings.Directus.BaseUrl);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Load_EmptyUrl_FallsBackToTheLocalDefault(string url)
    {
        var settings = Load(("DIRECTUS_URL", url));

        Assert.Empty(settings.Errors);
        Assert.Equal(new Uri("http://127.0.0.1:8055"), settings.Directus.BaseUrl);
    }

    // ---- DIRECTUS_TOKEN --------------------------------------------------------------------------------------

    [Fact]
    public void Load_MissingToken_IsOneErrorNamingTheVariable()
    {
        var settings = LoadExactly([]);

        var error = Assert.Single(settings.Errors);
        Assert.Contains("DIRECTUS_TOKEN", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \t ")]
    public void Load_BlankToken_IsAnError(string token)
    {
        var settings = Load(("DIRECTUS_TOKEN", token));

        Assert.Contains(settings.Errors, e => e.Contains("DIRECTUS_TOKEN"));
    }

    [Fact]
    public void Load_TokenWithSurroundingWhitespace_IsTrimmed()
    {
        Assert.Equal("abc", Load(("DIRECTUS_TOKEN", " abc\n")).Directus.Token);
    }

    [Fact]
    public void Load_SeveralProblems_AreAllReported()
    {
        var settings = LoadExactly(new() { ["DIRECTUS_URL"] = "ftp://x", ["SCRAPE_COOLDOWN"] = "soon" });

        Assert.Equal(3, settings.Errors.Count);
        Assert.Contains(settings.Errors, e => e.StartsWith("DIRECTUS_URL"));
        Assert.Contains(settings.Errors, e => e.StartsWith("DIRECTUS_TOKEN"));
        Assert.Contains(settings.Errors, e => e.StartsWith("SCRAPE_COOLDOWN"));
    }

    // ---- keys ------------------------------------------------------------------------------------------------

    [Fact]
    public void Load_ValidKey_GivesAKeyring()
    {
        var key = RandomNumberGenerator.GetBytes(32);

        var settings = Load(("CREDENTIALS_ENC_KEY_B64", Convert.ToBase64String(key)));

        Assert.Empty(settings.Errors);
        Assert.NotNull(settings.Keyring);
        Assert.Equal(key, settings.Keyring.Current);
    }

    [Theory]
    [InlineData(Canary + "-not-base64!")]
    [InlineData("U0VDUkVUQ0FOQVJZ")] // base64 of "SECRETCANARY": 12 bytes
    public void Load_BadKey_IsOneErrorNamingTheVariableWithoutTheValue(string key)
    {
        var settings = Load(("CREDENTIALS_ENC_KEY_B64", key));

        var error = Assert.Single(settings.Errors);
        Assert.Contains("CREDENTIALS_ENC_KEY_B64", error);
        Assert.DoesNotContain(key, error);
        Assert.DoesNotContain(Canary, error);
        Assert.Null(settings.Keyring);
    }

    [Fact]
    public void Load_BadPreviousKey_IsOneErrorNamingThatVariable()
    {
        var bad = Convert.ToBase64String(Encoding.ASCII.GetBytes(Canary));

        var settings = Load(
            ("CREDENTIALS_ENC_KEY_B64", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            ("CREDENTIALS_ENC_PREVIOUS_KEYS_B64", bad));

        var error = Assert.Single(settings.Errors);
        Assert.Contains("CREDENTIALS_ENC_PREVIOUS_KEYS_B64", error);
        Assert.DoesNotContain(bad, error);
        Assert.Null(settings.Keyring);
    }

    [Fact]
    public void Load_ValidCurrentAndPreviousKeys_AreAllLoaded()
    {
        var previous = RandomNumberGenerator.GetBytes(32);

        var settings = Load(
            ("CREDENTIALS_ENC_KEY_B64", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            ("CREDENTIALS_ENC_PREVIOUS_KEYS_B64", Convert.ToBase64String(previous)));

        Assert.Empty(settings.Errors);
        Assert.Equal(previous, Assert.Single(settings.Keyring!.Previous));
    }

    [Fact]
    public void Load_KeyVariableNames_AreTheDocumentedOnes()
    {
        Assert.Equal("CREDENTIALS_ENC_KEY_B64", CredentialKeyring.CurrentKeyVariable);
        Assert.Equal("CREDENTIALS_ENC_PREVIOUS_KEYS_B64", CredentialKeyring.PreviousKeysVariable);
    }

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

    // ---- CREDENTIALS_DECRYPT_ROLES ---------------------------------------------------------------------------

    [Fact]
    public void Load_DecryptRoles_AreACommaList()
    {
        var settings = Load(("CREDENTIALS_DECRYPT_ROLES", " media-worker , Auditor "));

        Assert.Equal(["media-worker", "Auditor"], settings.DecryptRoles);
    }

    [Fact]
    public void Load_EmptyDecryptRoles_KeepsTheDefault()
    {
        Assert.Equal(["media-worker"], Load(("CREDENTIALS_DECRYPT_ROLES", " , ")).DecryptRoles);
    }
}
