namespace CreatorProfiles.Mcp.Domain.Profiles;

/// <summary>Counts over the caller's profiles (all profiles for an admin).</summary>
public sealed record ProfileStats(
    int Total,
    int Active,
    int Inactive,
    IReadOnlyList<PlatformStatusCount> ByPlatform,
    OverdueProfiles Overdue);

/// <summary>How many profiles of one platform are in each scrape status.</summary>
public sealed record PlatformStatusCount(string Platform, int Total, int Idle, int Scraping, int Success, int Error);

/// <summary>Active profiles not scraped successfully within <see cref="ThresholdHours"/> (or never): the count and
/// the longest-waiting few, so an agent can act on them without another call.</summary>
public sealed record OverdueProfiles(int ThresholdHours, int Count, IReadOnlyList<ProfileView> Oldest);
