namespace CreatorProfiles.Mcp.UnitTests.Configuration;

/// <summary>DIRECTUS_URL and DIRECTUS_TOKEN, and several problems reported together.</summary>
public partial class ServerSettingsTests
{
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
}
