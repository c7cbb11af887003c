using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using CreatorProfiles.Mcp.Domain.Validation;
using CreatorProfiles.Mcp.Domain.Paging;
using CreatorProfiles.Mcp.Domain.Profiles;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>Toolset <c>profiles</c>: reading and changing creator profiles (DESIGN.md section 3).</summary>
[McpServerToolType]
public sealed class ProfilesTools(ProfileService profiles)
{
    [McpServerTool(Name = "list_creator_profiles", Title = "List creator profiles",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists connected creator accounts (one per platform account), optionally filtered. Use it to find profile ids " +
        "or to see which accounts are idle, scraping, successful or failing. Returns `items` (id, platform, username, " +
        "scrape_status, last_scraped_at, last_error, is_active, has_credentials, credentials_format; never credential values) " +
        "and `next_cursor` when more pages exist: pass it back as `cursor` with the same filters.")]
    public Task<Page<ProfileView>> ListCreatorProfiles(
        [Description("Only this platform: onlyfans or fansly (case-insensitive).")] string? platform = null,
        [Description("Only this scrape status.")][AllowedValues(ScrapeStatuses.Idle, ScrapeStatuses.Scraping, ScrapeStatuses.Success, ScrapeStatuses.Error)] string? scrape_status = null,
        [Description("Only active (true) or inactive (false) profiles.")] bool? is_active = null,
        [Description("Only profiles owned by this Directus user id.")][RegularExpression(ArgumentRules.UuidPattern)] string? user_id = null,
        [Description("Page size (default 25).")][Range(ArgumentRules.MinLimit, ArgumentRules.MaxLimit)] int? limit = null,
        [Description("The next_cursor of the previous page; omit for the first page.")] string? cursor = null,
        CancellationToken cancellationToken = default) =>
        profiles.ListAsync(new ProfileListRequest(platform, scrape_status, is_active, user_id, limit, cursor), cancellationToken);
}
