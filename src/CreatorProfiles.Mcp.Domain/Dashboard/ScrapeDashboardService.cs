using System.Globalization;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Profiles;
using CreatorProfiles.Mcp.Domain.Scrapes;
using CreatorProfiles.Mcp.Domain.Validation;
using Microsoft.Extensions.Options;

namespace CreatorProfiles.Mcp.Domain.Dashboard;

/// <summary>
/// The scrape dashboard of the caller's profiles (all profiles for an admin), read through the same ownership rules
/// as the tools: the counts and overdue profiles of get_profile_stats, the pending logins of list_hitl_sessions, the
/// newest job of list_media_jobs (in the summary), and the first profiles with their latest job and pending login.
/// Five Directus requests, sent at once.
/// </summary>
public sealed class ScrapeDashboardService(
    IDirectusApi directus,
    ICallerAccessor callers,
    ProfileService profiles,
    ScrapeQueryService queries,
    IOptions<CreatorProfilesOptions> options,
    TimeProvider clock)
{
    public const int ProfilesShown = 50;
    public const int AlertsShown = 20;

    public async Task<ScrapeDashboard> GetAsync(CancellationToken cancellationToken)
    {
        var caller = await callers.GetCallerAsync(cancellationToken);
        var rowsTask = directus.ListItemsDeepAsync<ProfileRecord>(
            DirectusSchema.Profiles.Collection, Ownership.ProfileFilter(caller).ToQueryValue(), DirectusSchema.Selections.ProfileDetails,
            DirectusSchema.Selections.LatestJobAndPendingHitl, limit: ProfilesShown, sort: ProfileIdentity.ListSort, cancellationToken: cancellationToken);
        var statsTask = profiles.GetProfileStatsAsync(null, cancellationToken);
        var hitlTask = queries.ListHitlSessionsAsync(HitlStatuses.Pending, null, AlertsShown, null, cancellationToken);
        var jobTask = queries.ListMediaJobsAsync(null, null, 1, null, cancellationToken);
        await Task.WhenAll(rowsTask, statsTask, hitlTask, jobTask);
        var (rows, stats, hitl, jobs) = (await rowsTask, await statsTask, await hitlTask, await jobTask);

        var now = clock.GetUtcNow();
        var shown = rows.Data.Select(r => DashboardProfile.From(r, options.Value.CooldownFor(r.Platform), now)).ToList();
        var usernames = shown.ToDictionary(p => p.Id, p => p.Untrusted.Username, StringComparer.Ordinal);
        var alerts = hitl.Items.Select(h =>
        {
            var username = h.ProfileId is { } id ? usernames.GetValueOrDefault(id) : null;
            var text = username is null && h.Untrusted is null ? null : new UntrustedAlertText(username, h.Untrusted?.Reason);
            return new LoginAlert(h.Id, h.ProfileId, h.Platform, h.CreatedAt, text);
        }).ToList();
        var counts = new DashboardCounts(stats.Total, stats.Active,
            stats.ByPlatform.Sum(p => p.Idle), stats.ByPlatform.Sum(p => p.Scraping), stats.ByPlatform.Sum(p => p.Success), stats.ByPlatform.Sum(p => p.Error),
            stats.Overdue.Count);
        var latestJob = jobs.Items is [var job, ..] ? job : null;
        return new ScrapeDashboard(Summarize(counts, alerts, moreAlerts: hitl.NextCursor is not null, latestJob), counts, alerts, shown);
    }

    /// <summary>The dashboard in sentences, for hosts that show no UI. Only the server's own words and ids: usernames
    /// and reasons stay under each alert's untrusted object, where they are fenced.</summary>
    private static string Summarize(DashboardCounts counts, List<LoginAlert> alerts, bool moreAlerts, JobView? latestJob)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{counts.Total} profile(s), {counts.Active} active: {counts.Success} success, {counts.Error} error, {counts.Scraping} scraping, {counts.Idle} idle; {counts.Overdue} overdue.");
        text += alerts.Count == 0
            ? " No human login is pending."
            : $" {alerts.Count}{(moreAlerts ? "+" : "")} human login(s) pending: " + string.Join(", ", alerts.Select(a => $"{a.Platform} profile {a.ProfileId}"))
              + ". Use request_credentials_entry for each.";
        return latestJob is null ? text : text + $" Latest job: {latestJob.Status} (id {latestJob.Id}).";
    }
}
