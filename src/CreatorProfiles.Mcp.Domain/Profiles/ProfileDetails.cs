using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Scrapes;

namespace CreatorProfiles.Mcp.Domain.Profiles;

/// <summary>
/// One profile with what an agent needs to decide the next step: its latest job, its pending HITL request, and
/// whether a scrape could run without a human (<see cref="AuthState"/>).
/// </summary>
public sealed record ProfileDetails(
    ProfileView Profile,
    JobView? LatestJob,
    HitlView? PendingHitl,
    string AuthState,
    DateTimeOffset? CookiesExpireAt)
{
    public const string CookiesValid = "cookies_valid";
    public const string CookiesExpired = "cookies_expired";
    public const string NoCookies = "no_cookies";

    public static ProfileDetails From(ProfileRecord record, DateTimeOffset now)
    {
        var (state, expiresAt) = Cookies(record.PlatformSessions ?? [], now);
        return new ProfileDetails(
            ProfileView.From(record),
            record.MediaJobs is [var job, ..] ? JobView.From(job) : null,
            record.HitlSessions is [var hitl, ..] ? HitlView.From(hitl) : null,
            state,
            expiresAt);
    }

    /// <summary>Cookies count only when they never expire or expire in the future (docs/tools.md).</summary>
    public static (string State, DateTimeOffset? ExpiresAt) Cookies(IReadOnlyList<PlatformSessionRecord> sessions, DateTimeOffset now)
    {
        if (sessions.Count == 0)
        {
            return (NoCookies, null);
        }

        if (sessions.Any(s => s.ExpiresAt is null))
        {
            return (CookiesValid, null); // valid without expiry
        }

        var latest = sessions.Max(s => s.ExpiresAt!.Value);
        return latest > now ? (CookiesValid, latest) : (CookiesExpired, null);
    }
}
