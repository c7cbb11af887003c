namespace CreatorProfiles.Mcp.Domain;

/// <summary>Domain settings from the environment (docs/configuration.md).</summary>
public sealed class CreatorProfilesOptions
{
    public static readonly IReadOnlyList<string> DefaultPlatforms = ["onlyfans", "fansly"];

    /// <summary>SUPPORTED_PLATFORMS, lower-case.</summary>
    public IReadOnlyList<string> SupportedPlatforms { get; set; } = DefaultPlatforms;

    /// <summary>SCRAPE_COOLDOWN.</summary>
    public TimeSpan ScrapeCooldown { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>SCRAPE_COOLDOWN_&lt;PLATFORM&gt; overrides, by lower-case platform.</summary>
    public IDictionary<string, TimeSpan> PlatformCooldowns { get; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    public static readonly TimeSpan MinResourcePollInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxResourcePollInterval = TimeSpan.FromSeconds(60);

    /// <summary>RESOURCE_POLL_INTERVAL: how often subscribed profiles are checked for changes (1 s to 60 s).</summary>
    public TimeSpan ResourcePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan CooldownFor(string platform) =>
        PlatformCooldowns.TryGetValue(platform, out var cooldown) ? cooldown : ScrapeCooldown;
}
