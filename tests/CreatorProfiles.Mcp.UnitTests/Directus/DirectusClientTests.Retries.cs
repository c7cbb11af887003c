using System.Net;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorProfiles.Mcp.UnitTests.Directus;

/// <summary>Which requests are retried (reads) and which are tried once (writes, client errors), with the token on every attempt.</summary>
public sealed partial class DirectusClientTests
{
    [Fact]
    public async Task Get_AlwaysServiceUnavailable_IsTriedThreeTimesThenUnavailable()
    {
        var stub = StubHandler.Always(HttpStatusCode.ServiceUnavailable, "<html>503</html>");
        await using var provider = Build(stub);
        var api = provider.GetRequiredService<IDirectusApi>();

        var e = await Assert.ThrowsAsync<DirectusException>(() => api.ListItemsAsync<ProfileRecord>(DirectusSchema.Profiles.Collection));

        Assert.Equal(DirectusErrorKind.Unavailable, e.Kind);
        Assert.Equal(503, e.StatusCode);
        Assert.Equal(3, stub.Requests.Count);
        Assert.All(stub.Requests, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task Get_ServiceUnavailableOnce_SucceedsOnTheRetry()
    {
        var stub = new StubHandler((_, attempt) => attempt == 1
            ? StubHandler.Answer(HttpStatusCode.ServiceUnavailable, "")
            : StubHandler.Answer(HttpStatusCode.OK, EmptyList));
        await using var provider = Build(stub);
        var api = provider.GetRequiredService<IDirectusApi>();

        var list = await api.ListItemsAsync<ProfileRecord>(DirectusSchema.Profiles.Collection);

        Assert.Empty(list.Data);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task Get_WithReadRetriesZero_IsTriedOnce()
    {
        var stub = StubHandler.Always(HttpStatusCode.ServiceUnavailable, "");
        await using var provider = Build(stub, o => o.ReadRetries = 0);
        var api = provider.GetRequiredService<IDirectusApi>();

        var e = await Assert.ThrowsAsync<DirectusException>(() => api.ListItemsAsync<ProfileRecord>(DirectusSchema.Profiles.Collection));

        Assert.Equal(DirectusErrorKind.Unavailable, e.Kind);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task Post_ServiceUnavailable_IsTriedExactlyOnce()
    {
        var stub = StubHandler.Always(HttpStatusCode.ServiceUnavailable, "");
        await using var provider = Build(stub);
        var api = provider.GetRequiredService<IDirectusApi>();

        var e = await Assert.ThrowsAsync<DirectusException>(() => api.CreateItemAsync<ProfileRecord>(DirectusSchema.Profiles.Collection, NewProfile()));

        Assert.Equal(DirectusErrorKind.Unavailable, e.Kind);
        var request = Assert.Single(stub.Requests);
        Assert.Equal("POST", request.Method);
    }

    [Fact]
    public async Task Patch_ServiceUnavailable_IsTriedExactlyOnce()
    {
        var stub = StubHandler.Always(HttpStatusCode.ServiceUnavailable, "");
        await using var provider = Build(stub);
        var api = provider.GetRequiredService<IDirectusApi>();

        await Assert.ThrowsAsync<DirectusException>(() =>
            api.UpdateItemAsync<ProfileRecord>(DirectusSchema.Profiles.Collection, "0b7e3a52-9c1d-4f6e-8a2b-5d4c3b2a1f0e", new JsonObject { ["is_active"] = false }));

        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task Get_ClientError_IsNotRetried()
    {
        var stub = StubHandler.Always(HttpStatusCode.BadRequest, """{"errors":[{"message":"Invalid query.","extensions":{"code":"INVALID_QUERY"}}]}""");
        await using var provider = Build(stub);
        var api = provider.GetRequiredService<IDirectusApi>();

        var e = await Assert.ThrowsAsync<DirectusException>(() => api.ListItemsAsync<ProfileRecord>(DirectusSchema.Profiles.Collection));

        Assert.Equal(DirectusErrorKind.InvalidRequest, e.Kind);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task EveryAttempt_CarriesTheServiceTokenAsBearer()
    {
        var stub = StubHandler.Always(HttpStatusCode.ServiceUnavailable, "");
        await using var provider = Build(stub);
        var api = provider.GetRequiredService<IDirectusApi>();

        await Assert.ThrowsAsync<DirectusException>(() => api.ListItemsAsync<ProfileRecord>(DirectusSchema.Profiles.Collection));
        await Assert.ThrowsAsync<DirectusException>(() => api.CreateItemAsync<ProfileRecord>(DirectusSchema.Profiles.Collection, NewProfile()));

        Assert.Equal(4, stub.Requests.Count);
        Assert.All(stub.Requests, r => Assert.Equal("Bearer t", r.Authorization));
    }
}
