using System.Text.Json;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Callers;
using NSubstitute;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Callers;

public sealed class ServiceTokenCallerAccessorTests
{
    private const string UserId = "aaaaaaaa-0000-4000-8000-000000000001";

    private readonly IDirectusApi _directus = Substitute.For<IDirectusApi>();

    private static Task<DirectusItem<DirectusUser>> User() =>
        Task.FromResult(new DirectusItem<DirectusUser>(new DirectusUser(UserId, "owner@example.com", null, null, null)));

    private void GlobalAccess(bool admin) =>
        _directus.GetCurrentGlobalAccessAsync(Arg.Is<string?>(a => a == null), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult(new DirectusItem<DirectusGlobalAccess>(new DirectusGlobalAccess(admin, true))));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetCallerAsync_IsTheTokenOwnerWithTheirAdminFlag(bool admin)
    {
        _directus.GetCurrentUserAsync(Arg.Is<string?>(a => a == null), Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(User());
        GlobalAccess(admin);

        var caller = await new ServiceTokenCallerAccessor(_directus).GetCallerAsync(CancellationToken.None);

        Assert.Equal(new Caller(UserId, admin), caller);
    }

    [Fact]
    public async Task GetCallerAsync_WithACallerToken_IsThatTokensOwner_AskedWithThatToken()
    {
        _directus.GetCurrentUserAsync("Bearer caller-token", Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(User());
        _directus.GetCurrentGlobalAccessAsync("Bearer caller-token", Arg.Any<CancellationToken>())
            .Returns(Task.FromResult(new DirectusItem<DirectusGlobalAccess>(new DirectusGlobalAccess(false, false))));

        var caller = await new ServiceTokenCallerAccessor(_directus, "caller-token").GetCallerAsync(CancellationToken.None);

        Assert.Equal(new Caller(UserId, false), caller);
        await _directus.DidNotReceive().GetCurrentUserAsync(Arg.Is<string?>(a => a == null), Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task GetCallerAsync_LooksTheOwnerUpOnlyOnce()
    {
        _directus.GetCurrentUserAsync(Arg.Is<string?>(a => a == null), Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(_ => User());
        GlobalAccess(false);
        var accessor = new ServiceTokenCallerAccessor(_directus);

        await accessor.GetCallerAsync(CancellationToken.None);
        await accessor.GetCallerAsync(CancellationToken.None);

        await _directus.Received(1).GetCurrentUserAsync(Arg.Is<string?>(a => a == null), Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task GetCallerAsync_AfterADirectusFailure_LooksUpAgain()
    {
        _directus.GetCurrentUserAsync(Arg.Is<string?>(a => a == null), Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(
            _ => Task.FromException<DirectusItem<DirectusUser>>(DataAccessException.From(new DirectusException(DirectusErrorKind.Unavailable, "down"))),
            _ => User());
        GlobalAccess(false);
        var accessor = new ServiceTokenCallerAccessor(_directus);

        await Assert.ThrowsAsync<DataAccessException>(() => accessor.GetCallerAsync(CancellationToken.None).AsTask());
        var caller = await accessor.GetCallerAsync(CancellationToken.None);

        Assert.Equal(UserId, caller.UserId);
    }

    [Fact]
    public async Task GetCallerAsync_AfterANonDirectusFailure_LooksUpAgain()
    {
        _directus.GetCurrentUserAsync(Arg.Is<string?>(a => a == null), Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(
            _ => Task.FromException<DirectusItem<DirectusUser>>(new JsonException("'<' is an invalid start of a value.")),
            _ => User());
        GlobalAccess(false);
        var accessor = new ServiceTokenCallerAccessor(_directus);

        await Assert.ThrowsAnyAsync<Exception>(() => accessor.GetCallerAsync(CancellationToken.None).AsTask());
        var caller = await accessor.GetCallerAsync(CancellationToken.None);

        Assert.Equal(UserId, caller.UserId);
    }

    [Fact]
    public async Task GetCallerAsync_CancelledByOneCaller_DoesNotSpoilTheLookupForOthers()
    {
        var user = new TaskCompletionSource<DirectusItem<DirectusUser>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _directus.GetCurrentUserAsync(Arg.Is<string?>(a => a == null), Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(user.Task);
        GlobalAccess(true);
        var accessor = new ServiceTokenCallerAccessor(_directus);
        using var cancellation = new CancellationTokenSource();

        var cancelled = accessor.GetCallerAsync(cancellation.Token).AsTask();
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        user.SetResult(await User());
        var caller = await accessor.GetCallerAsync(CancellationToken.None);

        Assert.True(caller.IsAdmin);
        await _directus.Received(1).GetCurrentUserAsync(Arg.Is<string?>(a => a == null), Arg.Any<string>(), Arg.Any<CancellationToken>());
    }
}
