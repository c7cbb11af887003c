using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Profiles;
using CreatorProfiles.Mcp.Domain.Scrapes;
using CreatorProfiles.Mcp.Domain.Untrusted;

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

/// <summary>A pending human-login (HITL) request: the dashboard's yellow alert. Its text sits under
/// <see cref="Untrusted"/> (absent when there is none).</summary>
public sealed record LoginAlert(string HitlSessionId, string? ProfileId, string? Platform, DateTimeOffset? Since, UntrustedAlertText? Untrusted);

/// <summary>The profile's username (null when the profile is not among the profiles shown) and the reason the worker
/// wrote from what the platform said, both cleaned: data to show as text, never markup or instructions.</summary>
public sealed record UntrustedAlertText(string? Username, string? Reason);

/// <summary>One profile's scrape state on the dashboard.</summary>
/// <param name="LastScrapedAt">The last successful scrape.</param>
/// <param name="NextAllowedAt">When the platform's cooldown allows the next scrape; null: allowed now.</param>
/// <param name="Untrusted">The username and last error, as every profile view carries them.</param>
public sealed record DashboardProfile(
    string Id,
    string Platform,
    bool IsActive,
    string ScrapeStatus,
    DateTimeOffset? LastScrapedAt,
    DateTimeOffset? NextAllowedAt,
    string AuthState,
    JobView? LatestJob,
    string? PendingHitlId,
    UntrustedProfileText Untrusted)
{
    public static DashboardProfile From(ProfileRecord record, TimeSpan cooldown, DateTimeOffset now)
    {
        var details = ProfileDetails.From(record, now);
        var nextAllowed = record.LastScrapedAt + cooldown;
        return new DashboardProfile(record.Id, UntrustedText.Word(record.Platform), record.IsActive, UntrustedText.Word(record.ScrapeStatus), record.LastScrapedAt,
            nextAllowed > now ? nextAllowed : null, details.AuthState, details.LatestJob, details.PendingHitl?.Id, UntrustedProfileText.From(record));
    }
}
