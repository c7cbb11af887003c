using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Credentials;

/// <summary>The link store with records shared by two replicas (two stores over the same records, as Redis makes
/// them), and with the shared records gone.</summary>
public sealed partial class CredentialsEntryLinkStoreTests
{
    /// <summary>In-memory records that can be switched off, as Redis going away would.</summary>
    private sealed class SwitchableRecords(TimeProvider clock) : ICredentialsEntryLinkRecords
    {
        private readonly InMemoryCredentialsEntryLinkRecords _records = new(clock);

        public bool Down { get; set; }

        public Task<bool> TryAddAsync(string hash, CredentialsEntryLinkRecord record, int maxOpenPerCaller, DateTimeOffset now, TimeSpan linger, CancellationToken cancellationToken) =>
            Up().TryAddAsync(hash, record, maxOpenPerCaller, now, linger, cancellationToken);

        public Task<CredentialsEntryLinkRecord?> GetAsync(string hash, CancellationToken cancellationToken) => Up().GetAsync(hash, cancellationToken);

        public Task<(bool Changed, CredentialsEntryLinkRecord? Current)> ChangeStateAsync(
            string hash, CredentialsEntryLinkState from, CredentialsEntryLinkChange change, DateTimeOffset keepUntil, CancellationToken cancellationToken) =>
            Up().ChangeStateAsync(hash, from, change, keepUntil, cancellationToken);

        public Task<string?> FindHashAsync(string linkId, CancellationToken cancellationToken) => Up().FindHashAsync(linkId, cancellationToken);

        public Task<int> AddFailedSubmissionAsync(string hash, CancellationToken cancellationToken) => Up().AddFailedSubmissionAsync(hash, cancellationToken);

        private InMemoryCredentialsEntryLinkRecords Up() => Down ? throw new SharedStateUnavailableException("shared state down") : _records;
    }

    /// <summary>Another replica: its own process state, the same records.</summary>
    private CredentialsEntryLinkStore NewReplica() =>
        new(_credentials, _records, Options.Create(_options), _clock, NullLogger<CredentialsEntryLinkStore>.Instance);

    [Fact]
    public async Task A_link_minted_here_is_opened_and_submitted_through_another_replica_and_the_waiter_here_completes()
    {
        var ticket = await _store.CreateAsync(Target, AliceCaller, CancellationToken.None);
        var stored = _store.WhenStoredAsync(ticket.LinkId);
        var other = NewReplica();

        Assert.Equal(CredentialsEntryResult.Open, (await other.OpenAsync(ticket.Token, CancellationToken.None)).Kind);
        var outcome = await other.SubmitAsync(ticket.Token, Form(), CancellationToken.None);

        Assert.Equal(CredentialsEntryResult.Stored, outcome.Kind);
        Assert.Equal(["email", "password"], await stored.WaitAsync(TimeSpan.FromSeconds(30))); // read back by the poll, not wall-clock
        var again = await _store.SubmitAsync(ticket.Token, Form(), CancellationToken.None);
        Assert.Equal(CredentialsEntryResult.Gone, again.Kind);
        Assert.Equal(CredentialsEntryCloseReason.Stored, again.CloseReason);
        Assert.Single(_updates);
        Assert.Equal(0, _store.OpenLinks);
    }

    [Fact]
    public async Task A_round_trip_ending_on_another_replica_cancels_or_waits_on_the_link_by_its_id()
    {
        var declined = await _store.CreateAsync(Target, AliceCaller, CancellationToken.None);
        var accepted = await _store.CreateAsync(Target with { ProfileId = Bob }, AliceCaller, CancellationToken.None);
        var other = NewReplica();

        Assert.True(await other.CancelAsync(declined.LinkId, CredentialsEntryCloseReason.Declined, CancellationToken.None));
        var stored = other.WhenStoredAsync(accepted.LinkId);
        Assert.Equal(CredentialsEntryCloseReason.Declined, (await _store.OpenAsync(declined.Token, CancellationToken.None)).CloseReason);
        Assert.Equal(CredentialsEntryResult.Stored, (await _store.SubmitAsync(accepted.Token, Form(), CancellationToken.None)).Kind);
        Assert.Equal(["email", "password"], await stored.WaitAsync(TimeSpan.FromSeconds(30))); // read back by the poll
        Assert.False(await other.CancelAsync("0000000000000000", CredentialsEntryCloseReason.Declined, CancellationToken.None)); // no such link
    }

    [Fact]
    public async Task Replacement_the_cap_cancelling_and_failed_attempts_hold_across_replicas()
    {
        _options.MaxOpenLinksPerCaller = 2;
        var other = NewReplica();
        var older = await _store.CreateAsync(Target, AliceCaller, CancellationToken.None);
        var newer = await other.CreateAsync(Target, AliceCaller, CancellationToken.None);
        await _store.CreateAsync(Target with { ProfileId = Bob }, AliceCaller, CancellationToken.None);

        Assert.Equal(CredentialsEntryCloseReason.Replaced, (await NewReplica().OpenAsync(older.Token, CancellationToken.None)).CloseReason);
        await Assert.ThrowsAsync<DomainException>(() => other.CreateAsync(Target with { ProfileId = Alice }, AliceCaller, CancellationToken.None));

        for (var i = 0; i < _options.MaxFailedSubmissions - 1; i++)
        {
            var replica = i % 2 == 0 ? _store : other;
            Assert.Equal(CredentialsEntryResult.Forbidden, (await replica.SubmitAsync(newer.Token, Form(verified: false), CancellationToken.None)).Kind);
        }

        var last = await _store.SubmitAsync(newer.Token, Form(verified: false), CancellationToken.None);
        Assert.Equal(CredentialsEntryCloseReason.TooManyAttempts, last.CloseReason);
        Assert.False(await other.CancelAsync(newer.LinkId, CredentialsEntryCloseReason.Declined, CancellationToken.None)); // already closed
        Assert.Empty(_updates);
    }

    [Fact]
    public async Task Two_replicas_submitting_the_same_link_at_once_store_it_once()
    {
        var ticket = await _store.CreateAsync(Target, AliceCaller, CancellationToken.None);
        var other = NewReplica();

        var outcomes = await Task.WhenAll(
            Task.Run(() => _store.SubmitAsync(ticket.Token, Form(), CancellationToken.None)),
            Task.Run(() => other.SubmitAsync(ticket.Token, Form(), CancellationToken.None)));

        Assert.Single(outcomes, o => o.Kind == CredentialsEntryResult.Stored);
        Assert.Single(_updates);
    }

    [Fact]
    public async Task Without_the_shared_records_nothing_is_created_opened_or_stored_and_the_link_works_again_after()
    {
        var ticket = await _store.CreateAsync(Target, AliceCaller, CancellationToken.None);
        _records.Down = true;

        await Assert.ThrowsAsync<SharedStateUnavailableException>(() => _store.CreateAsync(Target with { ProfileId = Bob }, AliceCaller, CancellationToken.None));
        await Assert.ThrowsAsync<SharedStateUnavailableException>(() => _store.OpenAsync(ticket.Token, CancellationToken.None));
        await Assert.ThrowsAsync<SharedStateUnavailableException>(() => _store.SubmitAsync(ticket.Token, Form(), CancellationToken.None));
        Assert.Empty(_updates);

        _records.Down = false;
        Assert.Equal(CredentialsEntryResult.Stored, (await _store.SubmitAsync(ticket.Token, Form(), CancellationToken.None)).Kind);
        Assert.Single(_updates);
    }

    [Fact]
    public async Task A_refused_submission_leaves_the_link_open_for_a_valid_one()
    {
        var ticket = await _store.CreateAsync(Target, AliceCaller, CancellationToken.None);

        var invalid = await _store.SubmitAsync(ticket.Token, new CredentialsEntryForm(true, new Dictionary<string, string?> { ["email"] = null }), CancellationToken.None);
        var valid = await _store.SubmitAsync(ticket.Token, Form(), CancellationToken.None);

        Assert.Equal(CredentialsEntryResult.Invalid, invalid.Kind);
        Assert.Equal(CredentialsEntryResult.Stored, valid.Kind);
    }
}
