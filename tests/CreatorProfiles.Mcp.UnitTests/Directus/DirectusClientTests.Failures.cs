using System.Net;
using CreatorProfiles.Mcp.Directus;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorProfiles.Mcp.UnitTests.Directus;

/// <summary>Transport failures, timeouts and caller cancellation, and what error messages leave out.</summary>
public sealed partial class DirectusClientTests
{
    [Fact]
    public async Task Get_ErrorMessage_DoesNotCarryTheFilterValues()
    {
        var stub = StubHandler.Always(HttpStatusCode.InternalServerError, "");
        await using var provider = Build(stub, o => o.ReadRetries = 0);
        var api = provider.GetRequiredService<IDirectusApi>();

        var e = await Assert.ThrowsAsync<DirectusException>(() =>
            api.ListItemsAsync<ProfileRecord>(DirectusSchema.Profiles.Collection, filter: """{"username":{"_eq":"SECRETCANARY"}}"""));

        Assert.Contains("SECRETCANARY", Assert.Single(stub.Requests).Uri.Query); // the canary did travel...
        Assert.DoesNotContain("SECRETCANARY", e.Message);                        // ...but is not reported back
        Assert.Contains("GET /items/creator_profiles", e.Message);
    }

    [Fact]
    public async Task Get_TransportFailure_IsRetriedThenUnavailable()
    {
        var stub = new StubHandler((_, _) => throw new HttpRequestException("Connection refused (SECRETCANARY:8055)"));
        await using var provider = Build(stub);
        var api = provider.GetRequiredService<IDirectusApi>();

        var e = await Assert.ThrowsAsync<DirectusException>(() => api.ListItemsAsync<ProfileRecord>(DirectusSchema.Profiles.Collection));

        Assert.Equal(DirectusErrorKind.Unavailable, e.Kind);
        Assert.IsType<HttpRequestException>(e.InnerException);
        Assert.DoesNotContain("SECRETCANARY", e.Message);
        Assert.Equal(3, stub.Requests.Count);
    }

    [Fact]
    public async Task Post_TransportFailure_IsUnavailableAfterOneAttempt()
    {
        var stub = new StubHandler((_, _) => throw new HttpRequestException("Connection refused"));
        await using var provider = Build(stub);
        var api = provider.GetRequiredService<IDirectusApi>();

        var e = await Assert.ThrowsAsync<DirectusException>(() => api.CreateItemAsync<ProfileRecord>(DirectusSchema.Profiles.Collection, NewProfile()));

        Assert.Equal(DirectusErrorKind.Unavailable, e.Kind);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task Get_NoAnswerWithinTheTimeout_IsTimeout()
    {
        var stub = new StubHandler(async (_, _, cancellationToken) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return StubHandler.Answer(HttpStatusCode.OK, EmptyList);
        });
        await using var provider = Build(stub, o =>
        {
            o.ReadRetries = 0;
            o.AttemptTimeout = TimeSpan.FromMilliseconds(100);
            o.TotalTimeout = TimeSpan.FromSeconds(5);
        });
        var api = provider.GetRequiredService<IDirectusApi>();

        var e = await Assert.ThrowsAsync<DirectusException>(() => api.ListItemsAsync<ProfileRecord>(DirectusSchema.Profiles.Collection));

        Assert.Equal(DirectusErrorKind.Timeout, e.Kind);
    }

    [Fact]
    public async Task CallerCancellation_IsNotReportedAsADirectusFailure()
    {
        var stub = new StubHandler(async (_, _, cancellationToken) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return StubHandler.Answer(HttpStatusCode.OK, EmptyList);
        });
        await using var provider = Build(stub);
        var api = provider.GetRequiredService<IDirectusApi>();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            api.ListItemsAsync<ProfileRecord>(DirectusSchema.Profiles.Collection, cancellationToken: cancellation.Token));

        Assert.IsNotType<DirectusException>(e);
    }
}
