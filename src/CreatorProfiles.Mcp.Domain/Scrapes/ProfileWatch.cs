using System.Globalization;
using CreatorProfiles.Mcp.Directus;

namespace CreatorProfiles.Mcp.Domain.Scrapes;

/// <summary>
/// What "the profile changed" means for subscribers of <c>creatorprofiles://profiles/{id}</c>: a change of anything
/// that resource shows about the scrape workflow (the profile row, via updated_at and its status fields; its latest
/// job and that job's status; its pending HITL request). Compared as one opaque state string per profile.
/// </summary>
public static class ProfileWatch
{
    public const string UriPrefix = "creatorprofiles://profiles/";

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

    /// <summary>The profile id in <c>creatorprofiles://profiles/{id}</c>, lower-case; null for any other URI.</summary>
    public static string? ProfileIdFromUri(string? uri) =>
        uri is not null && uri.StartsWith(UriPrefix, StringComparison.Ordinal) && Guid.TryParseExact(uri[UriPrefix.Length..], "D", out var id)
            ? id.ToString("D", CultureInfo.InvariantCulture)
            : null;

    private static string Time(DateTimeOffset? value) => value?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "-";
}
