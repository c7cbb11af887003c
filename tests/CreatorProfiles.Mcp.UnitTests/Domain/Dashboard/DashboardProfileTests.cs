using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Dashboard;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Dashboard;

/// <summary>A dashboard row's next allowed scrape: the last success plus the platform's cooldown while that is still
/// ahead, null (allowed now) otherwise or when the profile never succeeded; and its pending login's id.</summary>
public sealed class DashboardProfileTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Cooldown = TimeSpan.FromMinutes(15);

    private static ProfileRecord Profile(DateTimeOffset? lastScrapedAt, IReadOnlyList<HitlSessionRecord>? hitl = null) =>
        new("0f0f0f0f-0000-4000-8000-000000000001", "aaaaaaaa-0000-4000-8000-000000000001", "fansly", "someone", null, "success",
            lastScrapedAt, null, true, Now.AddDays(-1), null, null, HitlSessions: hitl);

    [Fact]
    public void Within_the_cooldown_the_next_scrape_is_allowed_at_the_last_success_plus_the_cooldown()
    {
        var row = DashboardProfile.From(Profile(Now.AddMinutes(-5)), Cooldown, Now);

        Assert.Equal(Now.AddMinutes(10), row.NextAllowedAt);
        Assert.Null(row.PendingHitlId);
    }

    [Theory]
    [InlineData(-15)]
    [InlineData(-60)]
    public void After_the_cooldown_a_scrape_is_allowed_now(int minutesAgo) =>
        Assert.Null(DashboardProfile.From(Profile(Now.AddMinutes(minutesAgo)), Cooldown, Now).NextAllowedAt);

    [Fact]
    public void A_profile_that_never_succeeded_may_be_scraped_now_and_shows_its_pending_login()
    {
        var hitl = new HitlSessionRecord("bbbbbbbb-0000-4000-8000-000000000001", "0f0f0f0f-0000-4000-8000-000000000001", null, "fansly",
            "pending", "0f0f0f0f-0000-4000-8000-000000000001", "no cookies", Now, null);

        var row = DashboardProfile.From(Profile(null, [hitl]), Cooldown, Now);

        Assert.Null(row.NextAllowedAt);
        Assert.Equal("bbbbbbbb-0000-4000-8000-000000000001", row.PendingHitlId);
        Assert.Equal("no_cookies", row.AuthState);
    }
}
