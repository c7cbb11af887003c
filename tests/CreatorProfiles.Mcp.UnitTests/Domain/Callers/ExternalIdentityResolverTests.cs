using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Callers;
using NSubstitute;
using static CreatorProfiles.Mcp.UnitTests.Domain.Callers.CallerTokenValidatorTests;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Callers;

/// <summary>--auth oauth's subject cache: a burst of first requests of one subject (a client that just signed in and
/// opens several calls at once) costs one lookup, and the answers are kept by subject for their times.</summary>
public sealed class ExternalIdentityResolverTests
{
    private readonly IDirectusApi _directus = Substitute.For<IDirectusApi>();
    private readonly ManualClock _clock = new();
    private readonly TaskCompletionSource<DirectusList<DirectusUser>> _users = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _lookups;

    public ExternalIdentityResolverTests()
    {
        _directus.FindUsersAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(_ =>
        {
            Interlocked.Increment(ref _lookups);
            return _users.Task;
        });
        _directus.GetPoliciesAsync(Arg.Any<CancellationToken>()).Returns(new DirectusList<DirectusPolicy>([]));
    }

    [Fact]
    public async Task Concurrent_first_requests_of_one_subject_share_one_lookup()
    {
        var resolver = new ExternalIdentityResolver(_directus, _clock);

        var burst = Enumerable.Range(0, 10).Select(_ => resolver.ResolveAsync("external_identifier", "alice", CancellationToken.None).AsTask()).ToList();
        _users.SetResult(new DirectusList<DirectusUser>([new DirectusUser("alice-id", null, null, null, null)]));
        var callers = await Task.WhenAll(burst);

        Assert.Equal(1, _lookups);
        Assert.All(callers, caller => Assert.Equal("alice-id", caller?.UserId));
    }

    [Fact]
    public async Task A_subject_is_looked_up_again_once_its_answer_has_expired_and_no_user_is_remembered_for_less_time()
    {
        var resolver = new ExternalIdentityResolver(_directus, _clock);
        _users.SetResult(new DirectusList<DirectusUser>([]));

        Assert.Null(await resolver.ResolveAsync("external_identifier", "carol", CancellationToken.None));
        Assert.Null(await resolver.ResolveAsync("external_identifier", "carol", CancellationToken.None));
        Assert.Equal(1, _lookups);
        _clock.Advance(ExternalIdentityResolver.RefusedFor);
        Assert.Null(await resolver.ResolveAsync("external_identifier", "carol", CancellationToken.None));
        Assert.Equal(2, _lookups);
    }

    [Fact]
    public async Task The_same_value_under_another_claim_is_another_subject()
    {
        var resolver = new ExternalIdentityResolver(_directus, _clock);
        _users.SetResult(new DirectusList<DirectusUser>([new DirectusUser("alice-id", null, null, null, null)]));

        await resolver.ResolveAsync("external_identifier", "alice@example.com", CancellationToken.None);
        await resolver.ResolveAsync("email", "alice@example.com", CancellationToken.None);

        Assert.Equal(2, _lookups);
    }
}
