using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Profiles;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace CreatorProfiles.Mcp.UnitTests.Domain.Profiles;

public sealed partial class ProfileServiceTests
{
    private const string Alice = "aaaaaaaa-0000-4000-8000-000000000001";
    private const string Bob = "bbbbbbbb-0000-4000-8000-000000000002";
    private const string AdminId = "cccccccc-0000-4000-8000-000000000003";

    private readonly IDirectusApi _directus = Substitute.For<IDirectusApi>();
    private readonly ICallerAccessor _callers = Substitute.For<ICallerAccessor>();
    private readonly List<ListCall> _calls = [];
    private List<ProfileRecord> _rows = [];

    private sealed record ListCall(string Collection, string? Filter, string? Fields, string? Sort, int? Limit, int? Offset);

    public ProfileServiceTests()
    {
        _directus
            .ListItemsAsync<ProfileRecord>(Arg.Any<string>(), Arg.Any<string?>(), Arg.Any<string?>(), Arg.Any<string?>(),
                Arg.Any<int?>(), Arg.Any<int?>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                _calls.Add(new ListCall(call.ArgAt<string>(0), call.ArgAt<string?>(1), call.ArgAt<string?>(2), call.ArgAt<string?>(3), call.ArgAt<int?>(4), call.ArgAt<int?>(5)));
                var limit = call.ArgAt<int?>(4) ?? int.MaxValue;
                var offset = call.ArgAt<int?>(5) ?? 0;
                return Task.FromResult(new DirectusList<ProfileRecord>(_rows.Skip(offset).Take(limit).ToList()));
            });
        ActAs(Alice, isAdmin: false);
    }

    private void ActAs(string userId, bool isAdmin)
    {
#pragma warning disable CA2012 // NSubstitute's setup syntax calls the method to configure it; nothing is awaited here.
        _callers.GetCallerAsync(Arg.Any<CancellationToken>()).Returns(_ => ValueTask.FromResult(new Caller(userId, isAdmin)));
#pragma warning restore CA2012
    }

    private ProfileService Service(params string[] platforms)
    {
        var options = new CreatorProfilesOptions();
        if (platforms.Length > 0)
        {
            options.SupportedPlatforms = platforms;
        }

        return new ProfileService(_directus, _callers, Options.Create(options), TimeProvider.System);
    }

    private static ProfileRecord Row(int n, string owner = Alice, JsonElement? credentials = null) => new(
        Id: $"00000000-0000-4000-8000-{n:D12}",
        UserId: owner,
        Platform: "onlyfans",
        Username: $"creator{n}",
        Credentials: credentials,
        ScrapeStatus: "idle",
        LastScrapedAt: null,
        LastError: null,
        IsActive: true,
        CreatedAt: DateTimeOffset.UnixEpoch,
        UpdatedAt: null,
        IdentityKey: $"{owner}:onlyfans:creator{n}");

    private static List<ProfileRecord> Rows(int count) => Enumerable.Range(1, count).Select(n => Row(n)).ToList();

    /// <summary>The conditions of a filter built by DirectusFilter: {"_and":[{field:{op:value}}, ...]}.</summary>
    private static List<(string Field, string Op, string Value)> Conditions(string? filter)
    {
        if (filter is null)
        {
            return [];
        }

        return JsonNode.Parse(filter)!["_and"]!.AsArray()
            .Select(c => c!.AsObject().Single())
            .Select(c => (c.Key, c.Value!.AsObject().Single().Key, c.Value!.AsObject().Single().Value!.ToJsonString()))
            .ToList();
    }

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
