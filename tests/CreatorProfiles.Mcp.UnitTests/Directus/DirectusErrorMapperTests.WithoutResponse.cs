using CreatorProfiles.Mcp.Directus;

namespace CreatorProfiles.Mcp.UnitTests.Directus;

/// <summary>Errors built without a response: transport failures and a bare status.</summary>
public partial class DirectusErrorMapperTests
{
    [Fact]
    public void FromTransportFailure_TimedOut_IsTimeout()
    {
        var inner = new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout " + Canary);

        var e = DirectusErrorMapper.FromTransportFailure(inner, HttpMethod.Get, new Uri(Url), timedOut: true);

        Assert.Equal(DirectusErrorKind.Timeout, e.Kind);
        Assert.Same(inner, e.InnerException);
        Assert.Contains("GET /items/creator_profiles", e.Message);
        Assert.Contains("in time", e.Message);
        Assert.DoesNotContain(Canary, e.Message);
    }

    [Fact]
    public void FromTransportFailure_Unreachable_IsUnavailable()
    {
        var inner = new HttpRequestException("Connection refused (" + Canary + ".internal:8055)");

        var e = DirectusErrorMapper.FromTransportFailure(inner, HttpMethod.Post, new Uri(Url), timedOut: false);

        Assert.Equal(DirectusErrorKind.Unavailable, e.Kind);
        Assert.Same(inner, e.InnerException);
        Assert.Contains("POST /items/creator_profiles", e.Message);
        Assert.Contains("DIRECTUS_URL", e.Message);
        Assert.DoesNotContain(Canary, e.Message);
    }

    [Fact]
    public void FromStatus_WithoutRequestDetails_StillGivesAMessage()
    {
        var e = DirectusErrorMapper.FromStatus(502, null, null, null);

        Assert.Equal(DirectusErrorKind.Unavailable, e.Kind);
        Assert.Contains("502", e.Message);
    }
}
