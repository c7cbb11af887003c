using System.ComponentModel;
using System.Text.Json;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Profiles;
using CreatorProfiles.Mcp.Domain.Scrapes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>Resources: a profile as JSON (what get_creator_profile returns, <see cref="ProfileResource"/>) and the
/// supported platforms. The platforms resource returns its JSON text, which the SDK sends as text contents with the
/// read URI and the declared MIME type: a richer return type would have the SDK build its JSON schema by reflection at
/// start-up for a schema that resources never show.</summary>
[McpServerResourceType]
public sealed class ProfileResources(IOptions<CreatorProfilesOptions> options)
{
    public const string ProfileUriTemplate = ProfileWatch.UriPrefix + "{id}";
    public const string PlatformsUri = "creatorprofiles://platforms";

    [McpServerResource(UriTemplate = PlatformsUri, Name = "platforms", Title = "Supported platforms", MimeType = "application/json")]
    [Description("The platforms profiles may use, with each one's scrape cooldown.")]
    public string GetPlatforms()
    {
        var platforms = options.Value.SupportedPlatforms
            .Select(p => new PlatformInfo(p, (int)options.Value.CooldownFor(p).TotalSeconds))
            .ToList();
        return JsonSerializer.Serialize(new PlatformList(platforms), ToolsJsonContext.Default.PlatformList);
    }
}

public sealed record PlatformList(IReadOnlyList<PlatformInfo> Platforms);

public sealed record PlatformInfo(string Name, int ScrapeCooldownSeconds);

/// <summary>
/// The resource template <c>creatorprofiles://profiles/{id}</c>: one profile as JSON, as get_creator_profile returns it.
/// Written as an <see cref="McpServerResource"/> rather than an attributed method because for a templated method the
/// SDK compiles a NonBacktracking <see cref="System.Text.RegularExpressions.Regex"/> of the template and builds the
/// method's schema by reflection when the server starts: about 9% of the Native AOT cold start (DESIGN.md section 8),
/// for a template with one variable. It matches as the SDK's parser does: the prefix in any case, then one segment
/// without '/', '?', '&amp;' or '#' (the domain validates the id).
/// </summary>
internal sealed class ProfileResource : McpServerResource
{
    private const string MimeType = "application/json";

    public override ResourceTemplate ProtocolResourceTemplate { get; } = new()
    {
        UriTemplate = ProfileResources.ProfileUriTemplate,
        Name = "creator_profile",
        Title = "Creator profile",
        Description = "One creator profile with its latest job, pending HITL request and auth_state (as get_creator_profile).",
        MimeType = MimeType,
    };

    public override Resource? ProtocolResource => null; // a template, listed by resources/templates/list

    public override IReadOnlyList<object> Metadata => [];

    public override bool IsMatch(string uri) => IdIn(uri) is not null;

    public override async ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken = default)
    {
        var uri = request.Params?.Uri ?? "";
        var id = IdIn(uri) ?? throw new McpException($"'{uri}' is not a creator profile URI ({ProfileResources.ProfileUriTemplate}).");
        var profiles = (request.Services ?? throw new InvalidOperationException("The request has no services.")).GetRequiredService<ProfileService>();
        try
        {
            var details = await profiles.GetAsync(id, cancellationToken);
            return new ReadResourceResult
            {
                Contents = [new TextResourceContents { Uri = uri, MimeType = MimeType, Text = JsonSerializer.Serialize(details, ToolsJsonContext.Default.ProfileDetails) }],
            };
        }
        catch (Exception e) when (e is DomainException or DirectusException)
        {
            throw new McpException(e.Message); // the message is written for the reader; nothing internal in it
        }
    }

    private static string? IdIn(string uri) =>
        uri.StartsWith(ProfileWatch.UriPrefix, StringComparison.OrdinalIgnoreCase)
        && uri.AsSpan(ProfileWatch.UriPrefix.Length).IndexOfAny("/?&#") < 0
            ? Uri.UnescapeDataString(uri[ProfileWatch.UriPrefix.Length..])
            : null;
}
