using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Profiles;
using CreatorProfiles.Mcp.Domain.Scrapes;

namespace CreatorProfiles.Mcp.Domain.Dashboard;

/// <summary>What the scrape dashboard shows for the caller's profiles (docs/tools.md, "Dashboard (MCP App)"):
/// <see cref="Summary"/> says it in sentences for hosts without UI (with the newest job and whether more logins are
/// pending than <see cref="Alerts"/> holds); the rest is what the app draws. Four top-level fields, because their
/// names are the tool's output schema in tools/list.</summary>
/// <param name="Alerts">Pending human logins, newest first (at most <see cref="ScrapeDashboardService.AlertsShown"/>).</param>
/// <param name="Profiles">The first profiles by platform and username (at most <see cref="ScrapeDashboardService.ProfilesShown"/>
/// of <see cref="DashboardCounts.Total"/>), each with its latest job.</param>
public sealed record ScrapeDashboard(
    string Summary,
    DashboardCounts Counts,
    IReadOnlyList<LoginAlert> Alerts,
    IReadOnlyList<DashboardProfile> Profiles);

/// <summary>Profiles in all, active, in each scrape status, and active ones overdue (as get_profile_stats counts them).</summary>
public sealed record DashboardCounts(int Total, int Active, int Idle, int Scraping, int Success, int Error, int Overdue);

/// <summary>A pending human-login (HITL) request: the dashboard's yellow alert. <see cref="Reason"/> is written by
/// the worker from what the platform said: text to show as text, never markup.</summary>
/// <param name="Username">Null when the profile is not among the profiles shown.</param>
public sealed record LoginAlert(string HitlSessionId, string? ProfileId, string? Platform, string? Username, DateTimeOffset? Since, string? Reason);

/// <summary>One profile's scrape state on the dashboard.</summary>
/// <param name="LastScrapedAt">The last successful scrape.</param>
/// <param name="NextAllowedAt">When the platform's cooldown allows the next scrape; null: allowed now.</param>
public sealed record DashboardProfile(
    string Id,
    string Platform,
    string Username,
    bool IsActive,
    string ScrapeStatus,
    DateTimeOffset? LastScrapedAt,
    DateTimeOffset? NextAllowedAt,
    string? LastError,
    string AuthState,
    JobView? LatestJob,
    string? PendingHitlId)
{
    public static DashboardProfile From(ProfileRecord record, TimeSpan cooldown, DateTimeOffset now)
    {
        var details = ProfileDetails.From(record, now);
        var nextAllowed = record.LastScrapedAt + cooldown;
        return new DashboardProfile(record.Id, record.Platform, record.Username, record.IsActive, record.ScrapeStatus, record.LastScrapedAt,
            nextAllowed > now ? nextAllowed : null, record.LastError, details.AuthState, details.LatestJob, details.PendingHitl?.Id);
    }
}
