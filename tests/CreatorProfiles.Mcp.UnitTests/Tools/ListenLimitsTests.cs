using CreatorProfiles.Mcp.Tools;
using ModelContextProtocol;

namespace CreatorProfiles.Mcp.UnitTests.Tools;

public sealed class ListenLimitsTests
{
    private const string Profile = "creatorprofiles://profiles/0b5c5a3e-1111-4222-8333-444455556666";

    [Fact]
    public void A_listen_is_deduplicated_before_the_cap_and_two_spellings_of_a_profile_count_once()
    {
        var uris = Enumerable.Range(0, 20_000).Select(i => i % 2 == 0 ? Profile : $"creatorprofiles://x/{i % 99}").ToList();

        var distinct = ListenLimits.DistinctWithinCap(uris);

        Assert.Equal(100, distinct.Count);
        Assert.Equal(Profile, distinct[0]);
        Assert.Single(ListenLimits.Distinct([Profile, Profile.ToUpperInvariant().Replace("CREATORPROFILES://PROFILES/", "creatorprofiles://profiles/", StringComparison.Ordinal)]));
    }

    [Fact]
    public void A_listen_over_the_cap_is_refused_naming_the_cap_and_counting_stops_early()
    {
        var uris = Enumerable.Range(0, 20_000).Select(i => $"creatorprofiles://x/{i}").ToList();

        var refusal = Assert.Throws<McpProtocolException>(() => ListenLimits.DistinctWithinCap(uris));

        Assert.Equal(McpErrorCode.InvalidParams, refusal.ErrorCode);
        Assert.Contains("names 20,000 resource URIs", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("at most 100 distinct URIs per listen request", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(ListenLimits.MaxUris + 1, ListenLimits.Distinct(uris).Count);
    }

    [Fact]
    public void Each_caller_has_at_most_five_open_streams_and_closing_one_frees_a_place()
    {
        var limits = new ListenLimits();
        var streams = Enumerable.Range(0, 5).Select(_ => limits.Open("bob")).ToList();

        var refusal = Assert.Throws<McpProtocolException>(() => limits.Open("bob"));
        using var alices = limits.Open("alice");
        streams[0].Dispose();
        streams[0].Dispose(); // twice: counted once
        using var again = limits.Open("bob");

        Assert.Contains("at most 5 per caller", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(5, limits.OpenFor("bob"));
        streams.Skip(1).ToList().ForEach(s => s.Dispose());
        again.Dispose();
        Assert.Equal(0, limits.OpenFor("bob"));
    }
}
