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

    /// <summary>Profile columns, then the o2m aliases narrowed by <see cref="DeepQuery"/>. Never the cookies.</summary>
    public static readonly string SourceFields = string.Join(',',
        ProfileView.SourceFields,
        Prefixed("media_jobs", JobView.SourceFields),
        Prefixed("hitl_sessions", HitlView.SourceFields),
        "platform_sessions.id,platform_sessions.expires_at");

    /// <summary>Newest job only, pending HITL rows only (newest first). Cookie rows are all read: a profile has few.</summary>
    public const string DeepQuery =
        """{"media_jobs":{"_sort":["-created_at"],"_limit":1},"hitl_sessions":{"_filter":{"status":{"_eq":"pending"}},"_sort":["-created_at"],"_limit":1}}""";

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

    /// <summary>Cookies count only when they never expire or expire in the future (DESIGN.md section 3).</summary>
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

    private static string Prefixed(string alias, string fields) => string.Join(',', fields.Split(',').Select(f => $"{alias}.{f}"));
}
