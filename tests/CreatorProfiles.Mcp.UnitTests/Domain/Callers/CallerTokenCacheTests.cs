using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Callers;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using static CreatorProfiles.Mcp.UnitTests.Domain.Callers.CallerTokenValidatorTests;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Callers;

/// <summary>The token caches: bounded by least-recent use, refusals remembered briefly, one lookup per token at a time.</summary>
public sealed class CallerTokenCacheTests
{
    private readonly IDirectusApi _directus = Substitute.For<IDirectusApi>();
    private readonly ManualClock _clock = new();
    private TaskCompletionSource<DirectusItem<DirectusUser>> _owner = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _lookups;

    public CallerTokenCacheTests()
    {
        // Any token starting with "good" is its own user; "held" waits for _owner; anything else is refused.
        _directus.GetCurrentUserAsync(Arg.Any<string>(), Arg.Is("id"), Arg.Any<CancellationToken>()).Returns(call =>
        {
            Interlocked.Increment(ref _lookups);
            var token = call.ArgAt<string>(0)["Bearer ".Length..];
            return token.StartsWith("good", StringComparison.Ordinal)
                ? Task.FromResult(new DirectusItem<DirectusUser>(new DirectusUser(token, null, null, null, null)))
                : token == "held"
                    ? _owner.Task.WaitAsync(call.ArgAt<CancellationToken>(2))
                    : Task.FromException<DirectusItem<DirectusUser>>(DataAccessException.From(new DirectusException(DirectusErrorKind.Unauthorized, "refused")));
        });
        _directus.GetCurrentGlobalAccessAsync(Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(_ => new DirectusItem<DirectusGlobalAccess>(new DirectusGlobalAccess(false, false)));
        _directus.GetUserRoleAsync(Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(call => new DirectusItem<DirectusUser>(new DirectusUser(call.ArgAt<string>(0), null, null, null, null)));
    }

    [Fact]
    public async Task Past_capacity_the_least_recently_used_token_is_evicted_not_the_whole_cache()
    {
        var validator = new CallerTokenValidator(_directus, _clock);
        for (var i = 0; i < CallerTokenValidator.Capacity; i++)
        {
            await validator.ValidateAsync("good" + i, CancellationToken.None);
        }

        await validator.ValidateAsync("good0", CancellationToken.None); // good0 used again: good1 is now the oldest
        await validator.ValidateAsync("good-new", CancellationToken.None);
        Assert.Equal(CallerTokenValidator.Capacity + 1, _lookups);

        Assert.Equal(CallerTokenValidator.Standing.Unknown, validator.Peek("good1"));
        Assert.Equal(CallerTokenValidator.Standing.Valid, validator.Peek("good0"));
        Assert.Equal(CallerTokenValidator.Standing.Valid, validator.Peek("good2"));
        Assert.Equal(CallerTokenValidator.Standing.Valid, validator.Peek("good-new"));
    }

    [Fact]
    public async Task An_expired_valid_token_is_known_as_was_valid_and_asked_about_again()
    {
        var validator = new CallerTokenValidator(_directus, _clock);
        await validator.ValidateAsync("good", CancellationToken.None);

        _clock.Advance(CallerTokenValidator.CacheFor);
        Assert.Equal(CallerTokenValidator.Standing.WasValid, validator.Peek("good"));
        Assert.NotNull(await validator.ValidateAsync("good", CancellationToken.None));
        Assert.Equal(2, _lookups);
        Assert.Equal(CallerTokenValidator.Standing.Valid, validator.Peek("good"));
    }

    [Fact]
    public async Task Refused_tokens_are_bounded_too_and_expire_after_the_refusal_window()
    {
        var validator = new CallerTokenValidator(_directus, _clock);
        for (var i = 0; i <= CallerTokenValidator.Capacity; i++)
        {
            Assert.Null(await validator.ValidateAsync("bogus" + i, CancellationToken.None));
        }

        Assert.Equal(CallerTokenValidator.Standing.Unknown, validator.Peek("bogus0"));
        Assert.Equal(CallerTokenValidator.Standing.Refused, validator.Peek("bogus1"));
        _clock.Advance(CallerTokenValidator.RefusedFor);
        Assert.Equal(CallerTokenValidator.Standing.Unknown, validator.Peek("bogus1"));
    }

    [Fact]
    public async Task Concurrent_requests_with_one_new_token_share_one_lookup()
    {
        var validator = new CallerTokenValidator(_directus, _clock);
        var requests = Enumerable.Range(0, 50).Select(_ => validator.ValidateAsync("held", CancellationToken.None).AsTask()).ToList();
        Assert.Equal(1, _lookups);

        _owner.SetResult(new DirectusItem<DirectusUser>(new DirectusUser("held-user", null, null, null, null)));
        var callers = await Task.WhenAll(requests);

        Assert.All(callers, c => Assert.Equal("held-user", c?.UserId));
        Assert.Equal(1, _lookups);
        Assert.Equal(CallerTokenValidator.Standing.Valid, validator.Peek("held"));
    }

    [Fact]
    public async Task One_request_giving_up_does_not_cancel_the_lookup_others_wait_for()
    {
        var validator = new CallerTokenValidator(_directus, _clock);
        using var impatient = new CancellationTokenSource();
        var gone = validator.ValidateAsync("held", impatient.Token).AsTask();
        var waiting = validator.ValidateAsync("held", CancellationToken.None).AsTask();

        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone);
        _owner.SetResult(new DirectusItem<DirectusUser>(new DirectusUser("held-user", null, null, null, null)));

        Assert.Equal("held-user", (await waiting)?.UserId);
        Assert.Equal(1, _lookups);
    }

    [Fact]
    public async Task When_every_request_gave_up_the_lookup_is_cancelled_and_nothing_is_remembered()
    {
        var validator = new CallerTokenValidator(_directus, _clock);
        using var cancel = new CancellationTokenSource();
        CancellationToken lookupToken = default;
        _directus.GetCurrentGlobalAccessAsync("Bearer held", Arg.Any<CancellationToken>()).Returns(call =>
        {
            lookupToken = call.ArgAt<CancellationToken>(1);
            return new DirectusItem<DirectusGlobalAccess>(new DirectusGlobalAccess(false, false));
        });
        var gone = validator.ValidateAsync("held", cancel.Token).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone);
        Assert.True(lookupToken.IsCancellationRequested);
        Assert.Equal(CallerTokenValidator.Standing.Unknown, validator.Peek("held"));

        // The next request starts a fresh lookup and gets the real answer.
        _owner = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _owner.SetResult(new DirectusItem<DirectusUser>(new DirectusUser("held-user", null, null, null, null)));
        Assert.Equal("held-user", (await validator.ValidateAsync("held", CancellationToken.None))?.UserId);
        Assert.Equal(2, _lookups);
    }

    [Fact]
    public async Task Directus_failing_is_passed_to_every_waiter_and_not_remembered()
    {
        _directus.GetCurrentUserAsync("Bearer down", Arg.Is("id"), Arg.Any<CancellationToken>())
            .ThrowsAsync(DataAccessException.From(new DirectusException(DirectusErrorKind.Unavailable, "down")));
        var validator = new CallerTokenValidator(_directus, _clock);

        await Assert.ThrowsAsync<DataAccessException>(() => validator.ValidateAsync("down", CancellationToken.None).AsTask());
        Assert.Equal(CallerTokenValidator.Standing.Unknown, validator.Peek("down"));
    }
}
