using CreatorProfiles.Mcp.Configuration;
using Microsoft.Extensions.Configuration;

namespace CreatorProfiles.Mcp.UnitTests.Configuration;

/// <summary>CREDENTIALS_ENTRY_TTL and CREDENTIALS_ENTRY_LINGER (request_credentials_entry's link lifetime and lingering).</summary>
public class CredentialsEntrySettingsTests
{
    private static ServerSettings Load(string? ttl, string? linger = null) =>
        ServerSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DIRECTUS_TOKEN"] = "service-token",
            ["CREDENTIALS_ENTRY_TTL"] = ttl,
            ["CREDENTIALS_ENTRY_LINGER"] = linger,
        }).Build());

    [Fact]
    public void Unset_gives_ten_minutes_and_one_minute()
    {
        var settings = Load(null);

        Assert.Empty(settings.Errors);
        Assert.Equal(TimeSpan.FromMinutes(10), settings.CredentialsEntry.Ttl);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.CredentialsEntry.Linger);
    }

    [Theory]
    [InlineData("00:00:01", 1)]
    [InlineData(" 00:05:00 ", 300)]
    [InlineData("01:00:00", 3600)]
    public void A_duration_from_one_second_to_one_hour_is_the_ttl(string text, int seconds)
    {
        var settings = Load(text, "00:00:00");

        Assert.Empty(settings.Errors);
        Assert.Equal(TimeSpan.FromSeconds(seconds), settings.CredentialsEntry.Ttl);
        Assert.Equal(TimeSpan.Zero, settings.CredentialsEntry.Linger);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("01:00:01")]
    [InlineData("10")] // ten days, as TimeSpan reads it
    [InlineData("ten minutes")]
    [InlineData("-00:05:00")]
    public void Anything_else_is_one_error_naming_the_variable(string text)
    {
        var error = Assert.Single(Load(text).Errors);

        Assert.StartsWith("CREDENTIALS_ENTRY_TTL is not a duration from 00:00:01 to 01:00:00", error);
    }

    [Fact]
    public void A_linger_over_an_hour_is_refused()
    {
        Assert.StartsWith("CREDENTIALS_ENTRY_LINGER", Assert.Single(Load(null, "02:00:00").Errors));
    }

    [Theory]
    [InlineData(null, 10)]
    [InlineData("1", 1)]
    [InlineData("100", 100)]
    public void The_cap_of_open_links_per_caller_is_1_to_100_default_10(string? text, int expected)
    {
        var settings = ServerSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DIRECTUS_TOKEN"] = "service-token",
            ["CREDENTIALS_ENTRY_MAX_OPEN"] = text,
        }).Build());

        Assert.Empty(settings.Errors);
        Assert.Equal(expected, settings.CredentialsEntry.MaxOpenLinksPerCaller);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    public void A_cap_outside_1_to_100_is_refused(string text)
    {
        var settings = ServerSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DIRECTUS_TOKEN"] = "service-token",
            ["CREDENTIALS_ENTRY_MAX_OPEN"] = text,
        }).Build());

        Assert.StartsWith("CREDENTIALS_ENTRY_MAX_OPEN is not a whole number from 1 to 100", Assert.Single(settings.Errors));
    }
}
