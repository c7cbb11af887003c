using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace CreatorProfiles.Mcp.UnitTests.Directus;

/// <summary>
/// The real client as <see cref="DirectusServiceCollectionExtensions.AddDirectusClient"/> registers it (Refit, auth,
/// resilience, error mapping), with only the network replaced by a stub primary handler.
/// </summary>
public sealed class DirectusClientTests
{
    private const string EmptyList = """{"data":[]}""";
    private const string OneProfile = """{"data":{"id":"0b7e3a52-9c1d-4f6e-8a2b-5d4c3b2a1f0e","platform":"onlyfans","username":"a","scrape_status":"idle","is_active":true}}""";

    private static ServiceProvider Build(StubHandler stub, Action<DirectusOptions>? configure = null)
    {
        var options = new DirectusOptions { BaseUrl = new Uri("http://directus.test:8055"), Token = "t", ReadRetries = 2 };
        configure?.Invoke(options);
        var services = new ServiceCollection();
        services.AddSingleton(Options.Create(options));
        services.AddDirectusClient();
        services.ConfigureAll<HttpClientFactoryOptions>(o => o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = stub));
        return services.BuildServiceProvider();
    }

    private static JsonObject NewProfile() => new() { ["platform"] = "onlyfans", ["username"] = "a" };

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

    [Fact]
    public async Task Get_Success_SendsQueryToTheConfiguredBaseUrlAndDeserialisesSnakeCase()
    {
        var stub = StubHandler.Always(HttpStatusCode.OK, OneProfile);
        await using var provider = Build(stub);
        var api = provider.GetRequiredService<IDirectusApi>();

        var item = await api.GetItemAsync<ProfileRecord>(DirectusSchema.Profiles.Collection, "0b7e3a52-9c1d-4f6e-8a2b-5d4c3b2a1f0e", fields: "id,scrape_status");

        Assert.Equal("idle", item.Data.ScrapeStatus);
        Assert.True(item.Data.IsActive);
        var request = Assert.Single(stub.Requests);
        Assert.Equal("http://directus.test:8055/items/creator_profiles/0b7e3a52-9c1d-4f6e-8a2b-5d4c3b2a1f0e", request.Uri.GetLeftPart(UriPartial.Path));
        Assert.Contains("fields=id%2Cscrape_status", request.Uri.Query, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task BaseUrlWithAPath_IsKeptInFrontOfTheRoute()
    {
        // Directus behind a reverse proxy at a sub-path: DIRECTUS_URL=http://host/directus accepts it.
        var stub = StubHandler.Always(HttpStatusCode.OK, EmptyList);
        await using var provider = Build(stub, o => o.BaseUrl = new Uri("http://proxy.test/directus"));
        var api = provider.GetRequiredService<IDirectusApi>();

        await api.ListItemsAsync<ProfileRecord>(DirectusSchema.Profiles.Collection);

        Assert.Equal("/directus/items/creator_profiles", Assert.Single(stub.Requests).Uri.AbsolutePath);
    }

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

    [Fact]
    public async Task Get_SuccessStatusWithNonJsonBody_IsADirectusException()
    {
        var stub = StubHandler.Always(HttpStatusCode.OK, "<html><body>Please sign in</body></html>");
        await using var provider = Build(stub);
        var api = provider.GetRequiredService<IDirectusApi>();

        var e = await Assert.ThrowsAsync<DirectusException>(() => api.ListItemsAsync<ProfileRecord>(DirectusSchema.Profiles.Collection));

        Assert.Equal(DirectusErrorKind.Unexpected, e.Kind);
    }

    /// <summary>Answers in place of the network and records what reached it.</summary>
    internal sealed class StubHandler(Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        public StubHandler(Func<HttpRequestMessage, int, HttpResponseMessage> answer)
            : this((request, attempt, _) => Task.FromResult(answer(request, attempt)))
        {
        }

        public sealed record Seen(string Method, Uri Uri, string? Authorization);

        private readonly List<Seen> _requests = [];

        public IReadOnlyList<Seen> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        public static StubHandler Always(HttpStatusCode status, string body) => new((_, _) => Answer(status, body));

        public static HttpResponseMessage Answer(HttpStatusCode status, string body) =>
            new(status) { Content = new StringContent(body, Encoding.UTF8, body.StartsWith('{') ? "application/json" : "text/html") };

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            int attempt;
            lock (_requests)
            {
                _requests.Add(new Seen(request.Method.Method, request.RequestUri!, request.Headers.Authorization?.ToString()));
                attempt = _requests.Count;
            }

            var response = await answer(request, attempt, cancellationToken);
            response.RequestMessage = request; // as SocketsHttpHandler does
            return response;
        }
    }
}
