using CreatorProfiles.Mcp.Domain.Credentials.Entry;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Credentials;

/// <summary>The link store's single-use claim, as another replica or an unavailable Redis would make it look.</summary>
public sealed partial class CredentialsEntryLinkStoreTests
{
    /// <summary>In-memory claims that can be switched off, as Redis going away would.</summary>
    private sealed class SharedClaims(TimeProvider clock) : ISingleUseClaims
    {
        private readonly InMemorySingleUseClaims _claims = new(clock);

        public bool Down { get; set; }

        public Task<bool> TryClaimAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken) =>
            Down ? throw new SharedStateUnavailableException("shared state down") : _claims.TryClaimAsync(key, lifetime, cancellationToken);

        public Task ReleaseAsync(string key, CancellationToken cancellationToken) =>
            Down ? throw new SharedStateUnavailableException("shared state down") : _claims.ReleaseAsync(key, cancellationToken);
    }

    [Fact]
    public async Task A_link_already_redeemed_through_another_replica_is_gone_and_stores_nothing()
    {
        var ticket = _store.Create(Target, AliceCaller);
        Assert.True(await _claims.TryClaimAsync("credentials-entry:" + CredentialsEntryLinkStore.Hash(ticket.Token), TimeSpan.FromMinutes(5), CancellationToken.None));

        var outcome = await _store.SubmitAsync(ticket.Token, Form(), CancellationToken.None);

        Assert.Equal(CredentialsEntryResult.Gone, outcome.Kind);
        Assert.Empty(_updates);
        Assert.Equal(0, _store.OpenLinks);
    }

    [Fact]
    public async Task Without_the_shared_state_nothing_is_stored_and_the_link_stays_open_for_a_retry()
    {
        var ticket = _store.Create(Target, AliceCaller);
        _claims.Down = true;

        var refused = await _store.SubmitAsync(ticket.Token, Form(), CancellationToken.None);
        _claims.Down = false;
        var retried = await _store.SubmitAsync(ticket.Token, Form(), CancellationToken.None);

        Assert.Equal(CredentialsEntryResult.Unavailable, refused.Kind);
        Assert.Equal(CredentialsEntryResult.Stored, retried.Kind);
        Assert.Single(_updates);
    }

    [Fact]
    public async Task A_refused_submission_gives_its_claim_back()
    {
        var ticket = _store.Create(Target, AliceCaller);

        var invalid = await _store.SubmitAsync(ticket.Token, new CredentialsEntryForm(true, new Dictionary<string, string?> { ["email"] = null }), CancellationToken.None);
        var valid = await _store.SubmitAsync(ticket.Token, Form(), CancellationToken.None);

        Assert.Equal(CredentialsEntryResult.Invalid, invalid.Kind);
        Assert.Equal(CredentialsEntryResult.Stored, valid.Kind);
    }
}
