using System.Text.Json;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Profiles;
using CreatorProfiles.Mcp.Domain.Scrapes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// The resources: a profile as JSON (what get_creator_profile returns) and the supported platforms.
/// Written as <see cref="McpServerResource"/> classes rather than attributed methods because for those the SDK builds
/// each method's JSON schemas by reflection, and for a template compiles a NonBacktracking Regex, when the server
/// starts: about 10% of the Native AOT cold start (its budget is 50 ms, see docs/performance.md) for two fixed entries.
/// </summary>
public static class ProfileResources
{
    /// <summary>The profile resource's URIs: this prefix and the profile id.</summary>
    public const string ProfileUriPrefix = "creatorprofiles://profiles/";
    public const string ProfileUriTemplate = ProfileUriPrefix + "{id}";

    /// <summary>The profile id in a profile resource URI as a canonical lower-case uuid; null for any other URI. Matches
    /// what <c>resources/read</c> accepts (<see cref="RawIdIn"/>), so read, subscribe, listen and the audit agree.</summary>
    public static string? ProfileIdFromUri(string? uri) =>
        uri is not null && RawIdIn(uri) is { } raw && Guid.TryParseExact(raw, "D", out var id)
            ? id.ToString("D", System.Globalization.CultureInfo.InvariantCulture)
            : null;

    /// <summary>The id segment of a profile resource URI as the SDK's template parser matches it (prefix in any case,
    /// one segment without / ? &amp; #, unescaped); not yet validated.</summary>
    internal static string? RawIdIn(string uri) =>
        uri.StartsWith(ProfileUriPrefix, StringComparison.OrdinalIgnoreCase)
        && uri.AsSpan(ProfileUriPrefix.Length).IndexOfAny("/?&#") < 0
            ? Uri.UnescapeDataString(uri[ProfileUriPrefix.Length..])
            : null;
    public const string PlatformsUri = "creatorprofiles://platforms";
    internal const string JsonMimeType = "application/json";

    internal static McpServerResource[] All { get; } = [new ProfileResource(), new PlatformsResource()];

    internal static ReadResourceResult Json(string uri, string text) =>
        new() { Contents = [new TextResourceContents { Uri = uri, MimeType = JsonMimeType, Text = text }] };

    internal static T Service<T>(RequestContext<ReadResourceRequestParams> request)
        where T : notnull =>
        (request.Services ?? throw new InvalidOperationException("The request has no services.")).GetRequiredService<T>();
}

/// <summary><c>creatorprofiles://profiles/{id}</c>: one profile as get_creator_profile returns it (untrusted values
/// marked and fenced as in that tool's text). It matches as the
/// SDK's template parser does: the prefix in any case, then one segment without '/', '?', '&amp;' or '#' (the domain
/// validates the id, so a bad one gets the same message as the tool's).</summary>
internal sealed class ProfileResource : McpServerResource
{
    public override ResourceTemplate ProtocolResourceTemplate { get; } = new()
    {
        UriTemplate = ProfileResources.ProfileUriTemplate,
        Name = "creator_profile",
        Title = "Creator profile",
        Description = "One creator profile with its latest job, pending HITL request and auth_state (as get_creator_profile).",
        MimeType = ProfileResources.JsonMimeType,
    };

    public override Resource? ProtocolResource => null; // a template: listed by resources/templates/list

    public override IReadOnlyList<object> Metadata => [];

    public override bool IsMatch(string uri) => ProfileResources.RawIdIn(uri) is not null;

    public override async ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken = default)
    {
        var uri = request.Params?.Uri ?? "";
        var id = ProfileResources.RawIdIn(uri) ?? throw new McpException($"'{uri}' is not a creator profile URI ({ProfileResources.ProfileUriTemplate}).");
        try
        {
            var details = await ProfileResources.Service<ProfileService>(request).GetCreatorProfileAsync(id, cancellationToken);
            // The same marker and fences as get_creator_profile's reply: a resource is text only, so its text is the
            // fenced JSON.
            var json = JsonSerializer.SerializeToNode(details, ToolsJsonContext.Default.ProfileDetails)!.AsObject();
            return ProfileResources.Json(uri, UntrustedResults.Project(json).Text);
        }
        catch (DomainException e)
        {
            throw new McpException(e.Message); // the message is written for the reader; nothing internal in it
        }
    }

}

/// <summary><c>creatorprofiles://platforms</c>: the platforms profiles may use, with each one's scrape cooldown.</summary>
internal sealed class PlatformsResource : McpServerResource
{
    public override ResourceTemplate ProtocolResourceTemplate { get; } = new()
    {
        UriTemplate = ProfileResources.PlatformsUri,
        Name = "platforms",
        Title = "Supported platforms",
        Description = "The platforms profiles may use, with each one's scrape cooldown.",
        MimeType = ProfileResources.JsonMimeType,
    };

    public override IReadOnlyList<object> Metadata => [];

    public override bool IsMatch(string uri) => string.Equals(uri, ProfileResources.PlatformsUri, StringComparison.OrdinalIgnoreCase);

    public override ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken = default)
    {
        var options = ProfileResources.Service<IOptions<CreatorProfilesOptions>>(request).Value;
        var platforms = options.SupportedPlatforms.Select(p => new PlatformInfo(p, (int)options.CooldownFor(p).TotalSeconds)).ToList();
        return ValueTask.FromResult(ProfileResources.Json(request.Params?.Uri ?? ProfileResources.PlatformsUri,
            JsonSerializer.Serialize(new PlatformList(platforms), ToolsJsonContext.Default.PlatformList)));
    }
}

public sealed record PlatformList(IReadOnlyList<PlatformInfo> Platforms);

public sealed record PlatformInfo(string Name, int ScrapeCooldownSeconds);
