using System.Globalization;
using CreatorProfiles.Mcp.Directus;

namespace CreatorProfiles.Mcp.Domain.Scrapes;

/// <summary>
/// What "the profile changed" means for subscribers of a profile's resource: a change of anything that resource shows about the scrape workflow (the profile row, via updated_at and its status fields; its latest
/// job and that job's status; its pending HITL request). Compared as one opaque state string per profile.
/// </summary>
public static class ProfileWatch
{
    /// <summary>The state of a profile that no longer exists (or that the service token can no longer read).</summary>
    public const string Deleted = "deleted";

    public static string State(ProfileRecord r) => string.Join('|',
        r.ScrapeStatus,
        Time(r.LastScrapedAt),
        r.LastError ?? "-",
        r.IsActive ? "active" : "inactive",
        Time(r.UpdatedAt),
        r.MediaJobs is [var job, ..] ? $"{job.Id}:{job.Status}" : "-",
        r.HitlSessions is [var hitl, ..] ? hitl.Id : "-");

    private static string Time(DateTimeOffset? value) => value?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "-";
}
