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

    [Theory]
    [InlineData("null")]
    [InlineData("NULL")]
    [InlineData("true")]
    [InlineData("false")]
    public async Task A_subject_directus_would_read_as_null_or_a_boolean_names_nobody_and_asks_nothing(string subject)
    {
        var resolver = new ExternalIdentityResolver(_directus, _clock);

        Assert.Null(await resolver.ResolveAsync("external_identifier", subject, CancellationToken.None));
        Assert.Equal(0, _lookups);
    }

    [Fact]
    public async Task Two_users_with_the_subject_name_nobody()
    {
        var resolver = new ExternalIdentityResolver(_directus, _clock);
        _users.SetResult(new DirectusList<DirectusUser>([new DirectusUser("a", null, null, null, null), new DirectusUser("b", null, null, null, null)]));

        Assert.Null(await resolver.ResolveAsync("email", "shared@example.com", CancellationToken.None));
    }

    [Theory]
    [InlineData(true, "user", true)] // an admin policy attached to the user
    [InlineData(true, "role", true)] // an admin policy attached to the user's role
    [InlineData(true, "other-role", false)] // an admin policy of another role
    [InlineData(false, "role", false)] // a plain policy of the user's role
    public async Task Admin_access_comes_only_from_an_admin_policy_on_the_user_or_the_users_role(bool adminAccess, string attachedTo, bool isAdmin)
    {
        var resolver = new ExternalIdentityResolver(_directus, _clock);
        _users.SetResult(new DirectusList<DirectusUser>([new DirectusUser("alice-id", null, null, null, new DirectusRole("creator-role", "Creator"))]));
        var access = attachedTo switch
        {
            "user" => new DirectusAccess(null, "alice-id"),
            "role" => new DirectusAccess(new DirectusRole("creator-role", "Creator"), null),
            _ => new DirectusAccess(new DirectusRole("admin-role", "Administrator"), null),
        };
        _directus.GetPoliciesAsync(Arg.Any<CancellationToken>()).Returns(new DirectusList<DirectusPolicy>([new DirectusPolicy("p", "policy", adminAccess, [access])]));

        var caller = await resolver.ResolveAsync("external_identifier", "alice", CancellationToken.None);

        Assert.Equal(("alice-id", isAdmin), (caller?.UserId, caller?.IsAdmin));
    }
}
