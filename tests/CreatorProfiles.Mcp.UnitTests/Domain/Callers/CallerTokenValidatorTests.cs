using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Callers;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Callers;

public sealed class CallerTokenValidatorTests
{
    private const string UserId = "bbbbbbbb-0000-4000-8000-000000000002";
    private const string Token = "caller-token-1";

    private readonly IDirectusApi _directus = Substitute.For<IDirectusApi>();
    private readonly ManualClock _clock = new();

    public CallerTokenValidatorTests()
    {
        _directus.GetCurrentUserAsync("Bearer " + Token, Arg.Is("id"), Arg.Any<CancellationToken>())
            .Returns(_ => new DirectusItem<DirectusUser>(new DirectusUser(UserId, null, null, null, null)));
        _directus.GetCurrentGlobalAccessAsync("Bearer " + Token, Arg.Any<CancellationToken>())
            .Returns(_ => new DirectusItem<DirectusGlobalAccess>(new DirectusGlobalAccess(false, false)));
        _directus.GetUserRoleAsync(UserId, Arg.Any<CancellationToken>())
            .Returns(_ => new DirectusItem<DirectusUser>(new DirectusUser(UserId, null, null, null, new DirectusRole("r1", "media-worker"))));
    }

    private CallerTokenValidator Validator() => new(_directus, _clock);

    [Fact]
    public async Task A_valid_token_is_its_owner_with_admin_flag_and_role_name()
    {
        var caller = await Validator().ValidateAsync(Token, CancellationToken.None);

        Assert.Equal(new Caller(UserId, false) { RoleName = "media-worker" }, caller);
    }

    [Fact]
    public async Task The_answer_is_reused_within_the_cache_period_and_asked_again_after_it()
    {
        var validator = Validator();

        await validator.ValidateAsync(Token, CancellationToken.None);
        _clock.Advance(CallerTokenValidator.CacheFor - TimeSpan.FromSeconds(1));
        await validator.ValidateAsync(Token, CancellationToken.None);
        await _directus.Received(1).GetCurrentUserAsync(Arg.Any<string>(), Arg.Is("id"), Arg.Any<CancellationToken>());

        _clock.Advance(TimeSpan.FromSeconds(2));
        await validator.ValidateAsync(Token, CancellationToken.None);
        await _directus.Received(2).GetCurrentUserAsync(Arg.Any<string>(), Arg.Is("id"), Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData(DirectusErrorKind.Unauthorized)]
    [InlineData(DirectusErrorKind.ForbiddenOrMissing)]
    public async Task A_token_Directus_refuses_is_no_caller_remembered_as_refused_briefly_then_asked_about_again(DirectusErrorKind kind)
    {
        _directus.GetCurrentUserAsync("Bearer bad", Arg.Is("id"), Arg.Any<CancellationToken>()).ThrowsAsync(DataAccessException.From(new DirectusException(kind, "refused")));
        var validator = Validator();

        Assert.Null(await validator.ValidateAsync("bad", CancellationToken.None));
        _clock.Advance(CallerTokenValidator.RefusedFor - TimeSpan.FromMilliseconds(1));
        Assert.Equal(CallerTokenValidator.Standing.Refused, validator.Peek("bad"));
        Assert.Null(await validator.ValidateAsync("bad", CancellationToken.None));
        await _directus.Received(1).GetCurrentUserAsync("Bearer bad", Arg.Is("id"), Arg.Any<CancellationToken>());

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(CallerTokenValidator.Standing.Unknown, validator.Peek("bad"));
        Assert.Null(await validator.ValidateAsync("bad", CancellationToken.None));
        await _directus.Received(2).GetCurrentUserAsync("Bearer bad", Arg.Is("id"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_revoked_token_stops_working_at_the_next_check()
    {
        var validator = Validator();
        Assert.NotNull(await validator.ValidateAsync(Token, CancellationToken.None));

        _directus.GetCurrentUserAsync("Bearer " + Token, Arg.Is("id"), Arg.Any<CancellationToken>())
            .ThrowsAsync(DataAccessException.From(new DirectusException(DirectusErrorKind.Unauthorized, "revoked")));
        _clock.Advance(CallerTokenValidator.CacheFor);

        Assert.Null(await validator.ValidateAsync(Token, CancellationToken.None));
    }

    [Fact]
    public async Task Directus_being_unavailable_is_an_error_not_a_refusal_and_is_not_remembered()
    {
        _directus.GetCurrentUserAsync("Bearer " + Token, Arg.Is("id"), Arg.Any<CancellationToken>())
            .ThrowsAsync(DataAccessException.From(new DirectusException(DirectusErrorKind.Unavailable, "down")));
        var validator = Validator();

        var error = await Assert.ThrowsAsync<DataAccessException>(() => validator.ValidateAsync(Token, CancellationToken.None).AsTask());
        Assert.Equal(DataAccessFailure.Unavailable, error.Failure);

        _directus.GetCurrentUserAsync("Bearer " + Token, Arg.Is("id"), Arg.Any<CancellationToken>())
            .Returns(_ => new DirectusItem<DirectusUser>(new DirectusUser(UserId, null, null, null, null)));
        Assert.Equal(UserId, (await validator.ValidateAsync(Token, CancellationToken.None))?.UserId);
    }

    [Fact]
    public async Task Different_tokens_are_different_callers()
    {
        _directus.GetCurrentUserAsync("Bearer admin-token", Arg.Is("id"), Arg.Any<CancellationToken>())
            .Returns(_ => new DirectusItem<DirectusUser>(new DirectusUser("admin-id", null, null, null, null)));
        _directus.GetCurrentGlobalAccessAsync("Bearer admin-token", Arg.Any<CancellationToken>())
            .Returns(_ => new DirectusItem<DirectusGlobalAccess>(new DirectusGlobalAccess(true, true)));
        _directus.GetUserRoleAsync("admin-id", Arg.Any<CancellationToken>())
            .Returns(_ => new DirectusItem<DirectusUser>(new DirectusUser("admin-id", null, null, null, new DirectusRole("r0", "Administrator"))));
        var validator = Validator();

        var user = await validator.ValidateAsync(Token, CancellationToken.None);
        var admin = await validator.ValidateAsync("admin-token", CancellationToken.None);

        Assert.Equal((UserId, false), (user!.UserId, user.IsAdmin));
        Assert.Equal(("admin-id", true), (admin!.UserId, admin.IsAdmin));
    }

    internal sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
