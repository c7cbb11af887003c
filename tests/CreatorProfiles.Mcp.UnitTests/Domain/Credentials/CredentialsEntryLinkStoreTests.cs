using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using CreatorProfiles.Mcp.Domain.Profiles;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Credentials;

/// <summary>The link store's rules with a hand-moved clock: one-time use, expiry, lingering, unverified forms,
/// replacement, limits, and that a submission writes for the caller the link was made for.</summary>
public sealed partial class CredentialsEntryLinkStoreTests
{
    private const string Alice = "aaaaaaaa-0000-4000-8000-000000000001";
    private const string Bob = "bbbbbbbb-0000-4000-8000-000000000002";
    private const string ProfileId = "00000000-0000-4000-8000-000000000010";

    private readonly ManualClock _clock = new();
    private readonly IDirectusApi _directus = Substitute.For<IDirectusApi>();
    private readonly ICallerAccessor _callers = Substitute.For<ICallerAccessor>();
    private readonly List<JsonObject> _updates = [];
    private readonly CredentialsEntryOptions _options = new() { Ttl = TimeSpan.FromMinutes(10), Linger = TimeSpan.FromMinutes(1) };
    private readonly CredentialsService _credentials;
    private readonly CredentialsEntryLinkStore _store;
    private readonly SwitchableRecords _records;

    private static readonly CredentialsEntryTarget Target = new(ProfileId, "onlyfans", "creator10", HasCredentials: false);
    private static readonly Caller AliceCaller = new(Alice, IsAdmin: false);

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    public CredentialsEntryLinkStoreTests()
    {
        _directus.UpdateByQueryAsync<ProfileRecord>(Arg.Any<string>(), Arg.Any<JsonObject>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                _updates.Add(call.ArgAt<JsonObject>(1));
                return Task.FromResult(new DirectusList<ProfileRecord>([new ProfileRecord(ProfileId, Alice, "onlyfans", "creator10", null, "idle", null, null, true, null, null, null)]));
            });
#pragma warning disable CA2012 // NSubstitute's setup syntax calls the method to configure it; nothing is awaited here.
        _callers.GetCallerAsync(Arg.Any<CancellationToken>()).Returns(_ => ValueTask.FromResult(new Caller(Bob, IsAdmin: false)));
#pragma warning restore CA2012
        _records = new SwitchableRecords(_clock);
        var keyring = CredentialKeyring.TryParse(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), null, out _)!;
        var profiles = new ProfileService(_directus, _callers, Options.Create(new CreatorProfilesOptions()), _clock);
        _credentials = new CredentialsService(profiles, _callers, new CredentialsCipherProvider(keyring));
        _store = NewReplica();
    }

    private static CredentialsEntryForm Form(bool verified = true) =>
        new(verified, new Dictionary<string, string?> { ["email"] = "a@example.com", ["password"] = Secret });

    private const string Secret = "ENTRYCANARY-unit-password";

    [Fact]
    public async Task A_token_is_32_random_bytes_in_base64url_and_only_it_opens_the_link()
    {
        var ticket = await _store.CreateAsync(Target, AliceCaller, CancellationToken.None);

        Assert.Equal(CredentialsEntryLinkStore.TokenLength, ticket.Token.Length);
        Assert.All(ticket.Token, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
        Assert.Equal(_clock.Now.AddMinutes(10), ticket.ExpiresAt);
        var open = await _store.OpenAsync(ticket.Token, CancellationToken.None);
        Assert.Equal(CredentialsEntryResult.Open, open.Kind);
        Assert.Equal(Target, open.Target);
        Assert.Equal(ticket.ExpiresAt, open.ExpiresAt);
        Assert.Equal(CredentialsEntryResult.NotFound, (await _store.OpenAsync(ticket.Token[..^1] + (ticket.Token[^1] == 'A' ? 'B' : 'A'), CancellationToken.None)).Kind);
        Assert.Equal(CredentialsEntryResult.NotFound, (await _store.OpenAsync("short", CancellationToken.None)).Kind);
        Assert.Equal(CredentialsEntryResult.NotFound, (await _store.OpenAsync(null, CancellationToken.None)).Kind);
        Assert.NotEqual(ticket.Token, (await _store.CreateAsync(Target with { ProfileId = Bob }, AliceCaller, CancellationToken.None)).Token);
    }

    [Fact]
    public async Task A_submission_stores_once_for_the_caller_the_link_was_made_for_then_the_link_is_gone()
    {
        var ticket = await _store.CreateAsync(Target, AliceCaller, CancellationToken.None);
        _ = await _store.OpenAsync(ticket.Token, CancellationToken.None);
        var stored = _store.WhenStoredAsync(ticket.LinkId);

        var first = await _store.SubmitAsync(ticket.Token, Form(), CancellationToken.None);
        var second = await _store.SubmitAsync(ticket.Token, Form(), CancellationToken.None);

        Assert.Equal(CredentialsEntryResult.Stored, first.Kind);
        Assert.Equal(["email", "password"], first.StoredFields);
        Assert.Equal(CredentialsEntryResult.Gone, second.Kind);
        Assert.Equal(CredentialsEntryCloseReason.Stored, second.CloseReason);
        Assert.Equal(CredentialsEntryResult.Gone, (await _store.OpenAsync(ticket.Token, CancellationToken.None)).Kind);
        var update = Assert.Single(_updates);
        // Scoped to alice (who asked for the link), although the ambient caller is now bob.
        Assert.Contains(Alice, update["query"]!["filter"]!.ToJsonString());
        Assert.DoesNotContain(Bob, update["query"]!["filter"]!.ToJsonString());
        Assert.StartsWith("v1:", (string)update["data"]!["credentials"]!["enc"]!);
        Assert.DoesNotContain(Secret, update.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(["email", "password"], await stored);
    }

    [Fact]
    public async Task An_expired_link_is_gone_then_forgotten_after_the_linger_time()
    {
        var ticket = await _store.CreateAsync(Target, AliceCaller, CancellationToken.None);
        var stored = _store.WhenStoredAsync(ticket.LinkId);
        Assert.Equal(ticket.ExpiresAt + _options.Linger, _store.KeepServingUntil());

        _clock.Now = ticket.ExpiresAt;
        var late = await _store.SubmitAsync(ticket.Token, Form(), CancellationToken.None);

        Assert.Equal(CredentialsEntryResult.Gone, late.Kind);
        Assert.Equal(CredentialsEntryCloseReason.Expired, late.CloseReason);
        Assert.Empty(_updates);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stored);
        Assert.Equal(0, _store.OpenLinks);

        _clock.Now = ticket.ExpiresAt + _options.Linger;
        Assert.Equal(CredentialsEntryResult.NotFound, (await _store.OpenAsync(ticket.Token, CancellationToken.None)).Kind);
        Assert.Null(_store.KeepServingUntil());
    }

    [Fact]
    public async Task The_page_is_served_until_the_linger_time_after_the_last_link_closed()
    {
        var ticket = await _store.CreateAsync(Target, AliceCaller, CancellationToken.None);
        _clock.Now += TimeSpan.FromMinutes(2);

        await _store.SubmitAsync(ticket.Token, Form(), CancellationToken.None);

        Assert.Equal(_clock.Now + _options.Linger, _store.KeepServingUntil());
    }

    [Fact]
    public async Task An_unverified_form_is_forbidden_and_the_fifth_refusal_cancels_the_link()
    {
        var ticket = await _store.CreateAsync(Target, AliceCaller, CancellationToken.None);
        _ = await _store.OpenAsync(ticket.Token, CancellationToken.None);

        var results = new List<CredentialsEntryResult>();
        for (var i = 0; i < 5; i++)
        {
            results.Add((await _store.SubmitAsync(ticket.Token, Form(verified: false), CancellationToken.None)).Kind);
        }

        Assert.Equal([CredentialsEntryResult.Forbidden, CredentialsEntryResult.Forbidden, CredentialsEntryResult.Forbidden, CredentialsEntryResult.Forbidden, CredentialsEntryResult.Gone], results);
        Assert.Equal(CredentialsEntryCloseReason.TooManyAttempts, (await _store.OpenAsync(ticket.Token, CancellationToken.None)).CloseReason);
        Assert.Empty(_updates);
    }

    [Fact]
    public async Task A_form_problem_is_invalid_and_the_link_stays_open()
    {
        var ticket = await _store.CreateAsync(Target, AliceCaller, CancellationToken.None);

        var refused = await _store.SubmitAsync(ticket.Token, Form() with { Problem = "Type the password." }, CancellationToken.None);

        Assert.Equal(CredentialsEntryResult.Invalid, refused.Kind);
        Assert.Equal(Target, refused.Target);
        Assert.Null(refused.Detail); // the host words the form's own problem
        Assert.Equal(CredentialsEntryResult.Open, (await _store.OpenAsync(ticket.Token, CancellationToken.None)).Kind);
        Assert.Empty(_updates);
    }

    [Fact]
    public async Task A_failed_store_keeps_the_link_open_for_a_retry()
    {
        var ticket = await _store.CreateAsync(Target, AliceCaller, CancellationToken.None);
        _directus.UpdateByQueryAsync<ProfileRecord>(Arg.Any<string>(), Arg.Any<JsonObject>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(DataAccessException.From(new DirectusException(DirectusErrorKind.Unavailable, "Directus is unavailable.")));

        var failed = await _store.SubmitAsync(ticket.Token, Form(), CancellationToken.None);

        Assert.Equal(CredentialsEntryResult.Unavailable, failed.Kind);
        Assert.NotNull(failed.Detail); // the domain's reason, worded by the host
        Assert.Equal(1, _store.OpenLinks);
        Assert.Equal(CredentialsEntryResult.Open, (await _store.OpenAsync(ticket.Token, CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task A_profile_gone_since_the_link_was_made_closes_the_link()
    {
        var ticket = await _store.CreateAsync(Target, AliceCaller, CancellationToken.None);
        _directus.UpdateByQueryAsync<ProfileRecord>(Arg.Any<string>(), Arg.Any<JsonObject>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult(new DirectusList<ProfileRecord>([])));

        var result = await _store.SubmitAsync(ticket.Token, Form(), CancellationToken.None);

        Assert.Equal(CredentialsEntryResult.Gone, result.Kind);
        Assert.Equal(CredentialsEntryCloseReason.ProfileUnavailable, result.CloseReason);
    }

    [Fact]
    public async Task A_new_link_for_the_same_profile_and_caller_replaces_the_older_one()
    {
        var older = await _store.CreateAsync(Target, AliceCaller, CancellationToken.None);
        var otherCaller = await _store.CreateAsync(Target, new Caller(Bob, IsAdmin: true), CancellationToken.None);
        var newer = await _store.CreateAsync(Target, AliceCaller, CancellationToken.None);

        Assert.Equal(CredentialsEntryCloseReason.Replaced, (await _store.OpenAsync(older.Token, CancellationToken.None)).CloseReason);
        Assert.Equal(CredentialsEntryResult.Open, (await _store.OpenAsync(newer.Token, CancellationToken.None)).Kind);
        Assert.Equal(CredentialsEntryResult.Open, (await _store.OpenAsync(otherCaller.Token, CancellationToken.None)).Kind);
    }

    [Fact]
    public async Task Open_links_are_limited_per_caller_and_a_cancelled_link_is_gone()
    {
        _options.MaxOpenLinksPerCaller = 2;
        var first = await _store.CreateAsync(Target, AliceCaller, CancellationToken.None);
        await _store.CreateAsync(Target with { ProfileId = Bob }, AliceCaller, CancellationToken.None);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => _store.CreateAsync(Target with { ProfileId = Alice }, AliceCaller, CancellationToken.None));
        Assert.Contains("You have 2 credential-entry links open", refusal.Message);
        await _store.CreateAsync(Target with { ProfileId = Alice }, new Caller(Bob, IsAdmin: false), CancellationToken.None); // another caller's cap is their own

        Assert.True(await _store.CancelAsync(first.LinkId, CredentialsEntryCloseReason.Declined, CancellationToken.None));
        Assert.Equal(CredentialsEntryCloseReason.Declined, (await _store.OpenAsync(first.Token, CancellationToken.None)).CloseReason);
        await _store.CreateAsync(Target with { ProfileId = Alice }, AliceCaller, CancellationToken.None);
    }
}
