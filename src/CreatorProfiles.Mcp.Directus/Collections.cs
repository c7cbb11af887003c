namespace CreatorProfiles.Mcp.Directus;

/// <summary>Collection names of the schema (DESIGN.md section 2), in one place.</summary>
public static class Collections
{
    public const string CreatorProfiles = "creator_profiles";
    public const string PlatformSessions = "platform_sessions";
    public const string MediaJobs = "media_jobs";
    public const string ScrapedMedia = "scraped_media";
    public const string HitlSessions = "hitl_sessions";

    public static readonly IReadOnlyList<string> All = [CreatorProfiles, PlatformSessions, MediaJobs, ScrapedMedia, HitlSessions];

    /// <summary>The unique columns the workflow relies on for exactly-once behaviour.</summary>
    public static readonly IReadOnlyList<(string Collection, string Field)> UniqueKeys =
    [
        (CreatorProfiles, "identity_key"),
        (MediaJobs, "active_key"),
        (HitlSessions, "active_key"),
    ];
}
