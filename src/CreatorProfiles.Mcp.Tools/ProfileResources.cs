using System.ComponentModel;
using System.Text.Json;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain;
using CreatorProfiles.Mcp.Domain.Profiles;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>Resources: a profile as JSON (what get_creator_profile returns) and the supported platforms.
/// Each returns its JSON text, which the SDK sends as text contents with the read URI and the declared MIME type: a
/// richer return type would have the SDK build its JSON schema by reflection at start-up (about 10% of the Native AOT
/// cold start for TextResourceContents) for a schema that resources never show.</summary>
[McpServerResourceType]
public sealed class ProfileResources(ProfileService profiles, IOptions<CreatorProfilesOptions> options)
{
    public const string ProfileUriTemplate = "creatorprofiles://profiles/{id}";
    public const string PlatformsUri = "creatorprofiles://platforms";

    [McpServerResource(UriTemplate = ProfileUriTemplate, Name = "creator_profile", Title = "Creator profile", MimeType = "application/json")]
    [Description("One creator profile with its latest job, pending HITL request and auth_state (as get_creator_profile).")]
    public async Task<string> GetProfile(string id, CancellationToken cancellationToken)
    {
        try
        {
            var details = await profiles.GetAsync(id, cancellationToken);
            return JsonSerializer.Serialize(details, ToolsJsonContext.Default.ProfileDetails);
        }
        catch (Exception e) when (e is DomainException or DirectusException)
        {
            throw new McpException(e.Message); // the message is written for the reader; nothing internal in it
        }
    }

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
