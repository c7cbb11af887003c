using System.Net;
using CreatorProfiles.Mcp.Directus;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorProfiles.Mcp.UnitTests.Directus;

/// <summary>Where requests are sent and how successful answers are read.</summary>
public sealed partial class DirectusClientTests
{
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
    public async Task Get_SuccessStatusWithNonJsonBody_IsADirectusException()
    {
        var stub = StubHandler.Always(HttpStatusCode.OK, "<html><body>Please sign in</body></html>");
        await using var provider = Build(stub);
        var api = provider.GetRequiredService<IDirectusApi>();

        var e = await Assert.ThrowsAsync<DirectusException>(() => api.ListItemsAsync<ProfileRecord>(DirectusSchema.Profiles.Collection));

        Assert.Equal(DirectusErrorKind.Unexpected, e.Kind);
    }
}
