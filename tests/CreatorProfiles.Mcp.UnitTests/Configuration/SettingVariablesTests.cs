using System.Text.RegularExpressions;
using CreatorProfiles.Mcp.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace CreatorProfiles.Mcp.UnitTests.Configuration;

/// <summary>The declared variables are exactly what Load reads, so the tables generated from them cannot miss one.</summary>
public class SettingVariablesTests
{
    [Fact]
    public void Load_reads_every_declared_variable_and_nothing_else()
    {
        // The previous keys are only read next to a current key, the per-platform cooldowns for each platform.
        var configuration = new RecordingConfiguration(new()
        {
            ["DIRECTUS_TOKEN"] = "service-token",
            ["CREDENTIALS_ENC_KEY_B64"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["SUPPORTED_PLATFORMS"] = "onlyfans,x-site",
        });

        ServerSettings.Load(configuration);

        var patterns = ServerSettings.Variables.Select(v => new Regex("^" + Regex.Replace(Regex.Escape(v.Name), "<[A-Z]+>", "[A-Z0-9_]+") + "$")).ToList();
        var undeclared = configuration.Read.Where(name => !patterns.Any(p => p.IsMatch(name))).ToList();
        Assert.True(undeclared.Count == 0, $"read but not in ServerSettings.Variables: {string.Join(", ", undeclared)}");
        var unread = ServerSettings.Variables.Where((_, i) => !configuration.Read.Any(patterns[i].IsMatch)).Select(v => v.Name).ToList();
        Assert.True(unread.Count == 0, $"declared but never read: {string.Join(", ", unread)}");
        Assert.Contains("SCRAPE_COOLDOWN_X_SITE", configuration.Read);
    }

    [Fact]
    public void Names_are_unique_and_every_variable_has_a_one_line_description_and_one_meaning_when_unset()
    {
        var variables = ServerSettings.Variables;

        Assert.Equal(variables.Count, variables.Select(v => v.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(variables, v => Assert.False(string.IsNullOrWhiteSpace(v.Description), v.Name));
        Assert.All(variables, v => Assert.DoesNotContain('\n', v.Description));
        // A secret has no default to show; "unset" means a default or a documented state, never both.
        Assert.All(variables.Where(v => v.Secret), v => Assert.Null(v.DefaultValue));
        Assert.All(variables, v => Assert.False(v.DefaultValue is not null && v.WhenUnset is not null, v.Name));
    }

    [Fact]
    public void Defaults_are_the_values_the_settings_start_with()
    {
        var byName = ServerSettings.Variables.ToDictionary(v => v.Name);

        Assert.Equal("http://127.0.0.1:8055", byName["DIRECTUS_URL"].DefaultValue);
        Assert.Equal("onlyfans,fansly", byName["SUPPORTED_PLATFORMS"].DefaultValue);
        Assert.Equal("00:15:00", byName["SCRAPE_COOLDOWN"].DefaultValue);
        Assert.Equal("media-worker", byName["CREDENTIALS_DECRYPT_ROLES"].DefaultValue);
        Assert.Equal("120", byName["RATE_LIMIT_TOOL_CALLS_PER_MINUTE"].DefaultValue);
        Assert.Null(byName["AUDIT_LOG"].DefaultValue);
    }

    /// <summary>Configuration that remembers every key asked for.</summary>
    private sealed class RecordingConfiguration(Dictionary<string, string?> values) : IConfiguration
    {
        public HashSet<string> Read { get; } = new(StringComparer.Ordinal);

        public string? this[string key]
        {
            get
            {
                Read.Add(key);
                return values.GetValueOrDefault(key);
            }
            set => throw new NotSupportedException();
        }

        public IConfigurationSection GetSection(string key) => throw new NotSupportedException();

        public IEnumerable<IConfigurationSection> GetChildren() => throw new NotSupportedException();

        public IChangeToken GetReloadToken() => throw new NotSupportedException();
    }
}
