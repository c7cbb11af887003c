using System.Security.Cryptography;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.Domain.Credentials.Entry;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Credentials;

/// <summary>The sealed requestState of request_credentials_entry's round trip: what the integration tests cannot reach
/// cheaply (another replica's key, the exact expiry boundary, a shared store that does not answer).</summary>
public sealed class CredentialsEntryRequestStatesTests
{
    private const string ProfileId = "00000000-0000-4000-8000-000000000010";
    private static readonly Caller Alice = new("aaaaaaaa-0000-4000-8000-000000000001", IsAdmin: false);
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    private readonly ManualClock _clock = new() { Now = Start };

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private CredentialsEntryRequestStates States(byte[] key, ISingleUseClaims? claims = null) =>
        new(new CredentialsCipherProvider(CredentialKeyring.TryParse(Convert.ToBase64String(key), null, out _)), claims ?? new InMemorySingleUseClaims(_clock), _clock);

    private static CredentialsEntryLink Link() =>
        new("0123456789abcdef", new CredentialsEntryTarget(ProfileId, "onlyfans", "creator10", HasCredentials: false),
            new Uri("http://127.0.0.1:1/credentials-entry/secret-token"), Start.AddMinutes(10));

    [Fact]
    public async Task A_state_opens_once_for_its_caller_and_profile_and_holds_no_link_token()
    {
        var states = States(Key);
        var sealedState = states.Seal(Link(), Alice);

        var state = await states.RedeemAsync(sealedState, ProfileId, Alice, CancellationToken.None);

        Assert.Equal(("0123456789abcdef", ProfileId, Alice.UserId, Start.AddMinutes(10)), (state.LinkId, state.ProfileId, state.CallerId, state.ExpiresAt));
        Assert.DoesNotContain("secret-token", sealedState);
        var again = await Assert.ThrowsAsync<InvalidArgumentException>(() => states.RedeemAsync(sealedState, ProfileId, Alice, CancellationToken.None));
        Assert.Equal(CredentialsEntryRequestStates.UsedMessage, again.Message);
    }

    [Fact]
    public async Task Two_seals_of_one_link_differ_and_each_is_redeemed_on_its_own()
    {
        var states = States(Key);
        var (first, second) = (states.Seal(Link(), Alice), states.Seal(Link(), Alice));

        Assert.NotEqual(first, second);
        await states.RedeemAsync(first, ProfileId, Alice, CancellationToken.None);
        await states.RedeemAsync(second, ProfileId, Alice, CancellationToken.None);
    }

    [Fact]
    public async Task A_state_sealed_under_another_key_is_not_valid()
    {
        var sealedState = States(RandomNumberGenerator.GetBytes(32)).Seal(Link(), Alice);

        var refused = await Assert.ThrowsAsync<InvalidArgumentException>(() => States(Key).RedeemAsync(sealedState, ProfileId, Alice, CancellationToken.None));

        Assert.Equal(CredentialsEntryRequestStates.NotValidMessage, refused.Message);
    }

    [Fact]
    public async Task A_state_works_until_the_second_its_link_expires()
    {
        var states = States(Key);
        var (early, late) = (states.Seal(Link(), Alice), states.Seal(Link(), Alice));

        _clock.Now = Start.AddMinutes(10).AddTicks(-1);
        await states.RedeemAsync(early, ProfileId, Alice, CancellationToken.None);
        _clock.Now = Start.AddMinutes(10);
        var refused = await Assert.ThrowsAsync<InvalidArgumentException>(() => states.RedeemAsync(late, ProfileId, Alice, CancellationToken.None));

        Assert.Equal(CredentialsEntryRequestStates.ExpiredMessage, refused.Message);
    }

    [Fact]
    public async Task When_the_shared_store_does_not_answer_nothing_is_redeemed()
    {
        var claims = Substitute.For<ISingleUseClaims>();
        claims.TryClaimAsync(default!, default, default).ThrowsAsyncForAnyArgs(new SharedStateUnavailableException("Redis did not answer."));
        var states = States(Key, claims);

        await Assert.ThrowsAsync<SharedStateUnavailableException>(() => states.RedeemAsync(states.Seal(Link(), Alice), ProfileId, Alice, CancellationToken.None));
    }

    [Fact]
    public void Without_a_key_no_state_is_sealed()
    {
        var states = new CredentialsEntryRequestStates(new CredentialsCipherProvider(null), new InMemorySingleUseClaims(_clock), _clock);

        Assert.Throws<DomainException>(() => states.Seal(Link(), Alice));
    }
}
