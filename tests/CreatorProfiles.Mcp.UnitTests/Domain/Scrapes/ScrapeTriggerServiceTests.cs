using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Profiles;
using CreatorProfiles.Mcp.Domain.Scrapes;
using Microsoft.Extensions.Options;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Scrapes;

/// <summary>trigger_scrape's decisions and its race paths, which the integration tests cannot force deterministically
/// (a claim that loses to a job finished in between, a HITL request created concurrently), with Directus mocked.</summary>
public sealed class ScrapeTriggerServiceTests
{
    private const string ProfileId = "0f0f0f0f-0000-4000-8000-000000000001";
    private const string Owner = "aaaaaaaa-0000-4000-8000-000000000001";
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private readonly IDirectusApi _directus = Substitute.For<IDirectusApi>();
    private readonly ICallerAccessor _callers = Substitute.For<ICallerAccessor>();
    private readonly List<string> _requests = [];
    private ProfileRecord _profile = Profile();

    public ScrapeTriggerServiceTests()
    {
#pragma warning disable CA2012 // NSubstitute's setup syntax calls the method to configure it; nothing is awaited here.
        _callers.GetCallerAsync(Arg.Any<CancellationToken>()).Returns(_ => ValueTask.FromResult(new Caller(Owner, IsAdmin: false)));
#pragma warning restore CA2012
        _directus.GetItemAsync<ProfileRecord>(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                _requests.Add("GET profile deep=" + call.ArgAt<string?>(3));
                return new DirectusItem<ProfileRecord>(_profile);
            });
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private ScrapeTriggerService Service()
    {
        var options = Options.Create(new CreatorProfilesOptions());
        var clock = new FixedClock(Now);
        return new ScrapeTriggerService(_directus, _callers, new ProfileService(_directus, _callers, options, clock), options, clock);
    }

    private static ProfileRecord Profile(
        bool cookies = true, bool active = true, DateTimeOffset? lastScrapedAt = null, MediaJobRecord? activeJob = null, HitlSessionRecord? pending = null) =>
        new(ProfileId, Owner, "onlyfans", "someone", null, "idle", lastScrapedAt, null, active, null, null, "onlyfans:someone",
            MediaJobs: activeJob is null ? [] : [activeJob],
            HitlSessions: pending is null ? [] : [pending],
            PlatformSessions: cookies ? [new PlatformSessionRecord("s1", null)] : []);

    private static MediaJobRecord Job(string id, string status = "queued") => new(id, ProfileId, "scrape_profile", status, ProfileId, null, Now, null, null);

    private static HitlSessionRecord Hitl(string id) => new(id, ProfileId, Owner, "onlyfans", "pending", ProfileId, "login", Now, null);

    private static DataAccessException NotUnique() => DataAccessException.From(new DirectusException(DirectusErrorKind.NotUnique, "active_key taken", 400, "RECORD_NOT_UNIQUE", "active_key"));

    private void InsertsAnswer(params Func<JsonObject, MediaJobRecord>[] answers)
    {
        var calls = 0;
        _directus.CreateItemAsync<MediaJobRecord>(DirectusSchema.MediaJobs.Collection, Arg.Any<JsonObject>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                _requests.Add("POST media_jobs " + call.ArgAt<JsonObject>(1).ToJsonString());
                return new DirectusItem<MediaJobRecord>(answers[Math.Min(calls++, answers.Length - 1)](call.ArgAt<JsonObject>(1)));
            });
    }

    private void ActiveJobLookupsAnswer(params MediaJobRecord?[] answers)
    {
        var calls = 0;
        _directus.ListItemsAsync<MediaJobRecord>(DirectusSchema.MediaJobs.Collection, Arg.Any<string?>(), Arg.Any<string?>(), Arg.Any<string?>(), Arg.Any<int?>(), Arg.Any<int?>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                _requests.Add("GET media_jobs filter=" + call.ArgAt<string?>(1));
                var row = answers[Math.Min(calls++, answers.Length - 1)];
                return new DirectusList<MediaJobRecord>(row is null ? [] : [row]);
            });
    }

    [Fact]
    public async Task The_claim_is_one_nested_insert_that_flips_the_profile_and_resolves_a_pending_hitl_request()
    {
        _profile = Profile(pending: Hitl("h1"));
        JsonObject? sent = null;
        InsertsAnswer(body => { sent = body; return Job("j1"); });

        var result = await Service().TriggerScrapeAsync(ProfileId.ToUpperInvariant(), force: null, CancellationToken.None);

        Assert.Equal("job_queued", result.Outcome);
        Assert.Equal("h1", result.ResolvedHitlSessionId);
        Assert.Equal(2, _requests.Count);
        Assert.Equal(ProfileId, (string?)sent!["active_key"]); // lower-case, whatever case the caller used
        Assert.Equal("queued", (string?)sent["status"]);
        Assert.Equal("scrape_profile", (string?)sent["type"]);
        Assert.Equal(ProfileId, (string?)sent["profile_id"]!["id"]);
        Assert.Equal("scraping", (string?)sent["profile_id"]!["scrape_status"]);
        var resolved = sent["profile_id"]!["hitl_sessions"]!["update"]![0]!;
        Assert.Equal("h1", (string?)resolved["id"]);
        Assert.Equal("resolved", (string?)resolved["status"]);
        Assert.Null(resolved["active_key"]);
    }

    [Fact]
    public async Task Losing_the_race_answers_already_queued_with_the_winners_job_in_three_requests()
    {
        InsertsAnswer(_ => throw NotUnique());
        ActiveJobLookupsAnswer(Job("winner", "running"));

        var result = await Service().TriggerScrapeAsync(ProfileId, force: null, CancellationToken.None);

        Assert.Equal("already_queued", result.Outcome);
        Assert.Equal("winner", result.JobId);
        Assert.Equal("running", result.JobStatus);
        Assert.Equal(3, _requests.Count);
        Assert.Contains("\"active_key\":{\"_eq\":\"" + ProfileId + "\"}", _requests[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Losing_the_race_with_a_pending_hitl_request_resolves_it_separately_in_the_fourth_request()
    {
        _profile = Profile(pending: Hitl("h1"));
        InsertsAnswer(_ => throw NotUnique());
        ActiveJobLookupsAnswer(Job("winner"));
        JsonObject? update = null;
        _directus.UpdateByQueryAsync<HitlSessionRecord>(DirectusSchema.HitlSessions.Collection, Arg.Any<JsonObject>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                _requests.Add("PATCH hitl_sessions");
                update = call.ArgAt<JsonObject>(1);
                return new DirectusList<HitlSessionRecord>([Hitl("h1")]);
            });

        var result = await Service().TriggerScrapeAsync(ProfileId, force: null, CancellationToken.None);

        Assert.Equal(("already_queued", "winner", "h1"), (result.Outcome, result.JobId, result.ResolvedHitlSessionId));
        Assert.Equal(4, _requests.Count);
        Assert.Contains("\"active_key\":{\"_nnull\":true}", update!["query"]!.ToJsonString(), StringComparison.Ordinal); // only while still pending
        Assert.Equal("resolved", (string?)update["data"]!["status"]);
    }

    [Fact]
    public async Task When_the_winning_job_finished_before_the_look_up_the_claim_is_tried_once_more()
    {
        InsertsAnswer(_ => throw NotUnique(), _ => Job("second"));
        ActiveJobLookupsAnswer((MediaJobRecord?)null);

        var result = await Service().TriggerScrapeAsync(ProfileId, force: null, CancellationToken.None);

        Assert.Equal(("job_queued", "second"), (result.Outcome, result.JobId));
    }

    [Fact]
    public async Task An_active_job_seen_in_the_read_is_already_queued_without_an_insert()
    {
        _profile = Profile(activeJob: Job("j0", "running"));

        var result = await Service().TriggerScrapeAsync(ProfileId, force: true, CancellationToken.None);

        Assert.Equal(("already_queued", "j0"), (result.Outcome, result.JobId));
        Assert.Single(_requests);
    }

    [Fact]
    public async Task A_hitl_request_created_concurrently_is_reused()
    {
        _profile = Profile(cookies: false);
        _directus.CreateItemAsync<HitlSessionRecord>(DirectusSchema.HitlSessions.Collection, Arg.Any<JsonObject>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(NotUnique());
        _directus.ListItemsAsync<HitlSessionRecord>(DirectusSchema.HitlSessions.Collection, Arg.Any<string?>(), Arg.Any<string?>(), Arg.Any<string?>(), Arg.Any<int?>(), Arg.Any<int?>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(new DirectusList<HitlSessionRecord>([Hitl("other")]));

        var result = await Service().TriggerScrapeAsync(ProfileId, force: null, CancellationToken.None);

        Assert.Equal(("hitl_required", "other"), (result.Outcome, result.HitlSessionId));
        Assert.Contains("already pending", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-14, "cooldown")] // scraped 14 minutes ago: 1 minute to go
    [InlineData(-15, "job_queued")] // exactly the cooldown ago: allowed
    [InlineData(-60, "job_queued")]
    public async Task The_cooldown_runs_from_last_scraped_at(int minutesAgo, string outcome)
    {
        _profile = Profile(lastScrapedAt: Now.AddMinutes(minutesAgo));
        InsertsAnswer(_ => Job("j1"));

        var result = await Service().TriggerScrapeAsync(ProfileId, force: false, CancellationToken.None);

        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(outcome == "cooldown" ? Now.AddMinutes(minutesAgo + 15) : null, result.NextAllowedAt);
    }

    [Fact]
    public async Task Only_unexpired_cookies_are_read_and_their_cut_off_is_now()
    {
        InsertsAnswer(_ => Job("j1"));

        await Service().TriggerScrapeAsync(ProfileId, force: null, CancellationToken.None);

        var deep = JsonNode.Parse(_requests[0]["GET profile deep=".Length..])!;
        var filter = deep["platform_sessions"]!["_filter"]!.ToJsonString();
        Assert.Contains("\"expires_at\":{\"_null\":true}", filter, StringComparison.Ordinal);
        Assert.Contains("\"expires_at\":{\"_gt\":\"2026-11-27T12:00:00.000Z\"}", filter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inactive_wins_over_force_and_an_unsupported_platform_is_refused()
    {
        _profile = Profile(active: false);
        Assert.Equal("inactive", (await Service().TriggerScrapeAsync(ProfileId, force: true, CancellationToken.None)).Outcome);

        _profile = Profile() with { Platform = "myspace" };
        var e = await Assert.ThrowsAsync<DomainException>(() => Service().TriggerScrapeAsync(ProfileId, force: true, CancellationToken.None));
        Assert.Contains("\"myspace\"", e.Message, StringComparison.Ordinal);
        await _directus.DidNotReceiveWithAnyArgs().CreateItemAsync<MediaJobRecord>(default!, default!, default, default);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-uuid")]
    public async Task A_bad_id_is_refused_before_any_request(string? id)
    {
        await Assert.ThrowsAsync<InvalidArgumentException>(() => Service().TriggerScrapeAsync(id, force: null, CancellationToken.None));
        Assert.Empty(_requests);
    }
}
