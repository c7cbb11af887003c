using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.Domain.Paging;
using CreatorProfiles.Mcp.Domain.Profiles;
using CreatorProfiles.Mcp.Domain.Validation;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>Toolset <c>profiles</c>: reading and changing creator profiles (docs/tools.md).
/// Each tool validates through the domain and returns one result record; no tool ever returns a credential value.</summary>
[McpServerToolType]
[Toolset(ToolCatalogOptions.Profiles)]
public sealed class ProfilesTools(ProfileService profiles, CredentialsService credentialsService)
{
    // Descriptions are read by models on every conversation (tools/list is under 12 KB in all): short, and nothing the
    // schema says already (enums, bounds, defaults, formats). Quotes, apostrophes and backticks cost 6 bytes each on
    // the wire (JSON-escaped as \u00XX), so they are avoided.
    internal const string PlatformHelp = "e.g. onlyfans or fansly (any case).";

    [McpServerTool(Name = "list_creator_profiles", Title = "List creator profiles",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists creator profiles (one per platform account), sorted by platform and username. Paged: pass " +
        "next_cursor back as cursor, with the same filters.")]
    public Task<Page<ProfileView>> ListCreatorProfiles(
        [Description(PlatformHelp)] string? platform = null,
        [AllowedValues(ScrapeStatuses.Idle, ScrapeStatuses.Scraping, ScrapeStatuses.Success, ScrapeStatuses.Error)] string? scrape_status = null,
        bool? is_active = null,
        [Description("Owner (Directus user id).")][RegularExpression(ArgumentRules.UuidPattern)] string? user_id = null,
        [DefaultValue(ArgumentRules.DefaultLimit)][Range(ArgumentRules.MinLimit, ArgumentRules.MaxLimit)] int? limit = null,
        string? cursor = null,
        CancellationToken cancellationToken = default) =>
        profiles.ListCreatorProfilesAsync(new ProfileListRequest(platform, scrape_status, is_active, user_id, limit, cursor), cancellationToken);

    [McpServerTool(Name = "get_creator_profile", Title = "Get a creator profile",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Gets one profile with its latest job, pending human-login (HITL) request and auth_state: cookies_valid, " +
        "cookies_expired or no_cookies, i.e. whether a scrape can run without a human.")]
    public Task<ProfileDetails> GetCreatorProfile(
        [RegularExpression(ArgumentRules.UuidPattern)] string id,
        CancellationToken cancellationToken = default) =>
        profiles.GetCreatorProfileAsync(id, cancellationToken);

    [McpServerTool(Name = "search_creator_profiles", Title = "Search profiles by username",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Finds profiles of one platform whose username contains query (any case). Paged like list_creator_profiles.")]
    public Task<Page<ProfileView>> SearchCreatorProfiles(
        [Description(PlatformHelp)] string platform,
        [Description("Part of the username; omit to list the whole platform.")][StringLength(ArgumentRules.MaxUsernameLength)] string? query = null,
        [DefaultValue(ArgumentRules.DefaultLimit)][Range(ArgumentRules.MinLimit, ArgumentRules.MaxLimit)] int? limit = null,
        string? cursor = null,
        CancellationToken cancellationToken = default) =>
        profiles.SearchCreatorProfilesAsync(platform, query, limit, cursor, cancellationToken);

    [McpServerTool(Name = "get_profile_stats", Title = "Creator profile statistics",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Counts profiles by platform and scrape status, active vs inactive, and active ones overdue (no success " +
        "within overdue_after_hours, or never), longest-waiting first.")]
    public Task<ProfileStats> GetProfileStats(
        [DefaultValue(ProfileService.DefaultOverdueHours)][Range(1, 24 * 90)] int? overdue_after_hours = null,
        CancellationToken cancellationToken = default) =>
        profiles.GetProfileStatsAsync(overdue_after_hours, cancellationToken);

    [McpServerTool(Name = "create_creator_profile", Title = "Create a creator profile",
        ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Adds a platform account as a profile (status idle); the owner's duplicate platform and username (any case) " +
        "is refused. For credentials prefer request_credentials_entry, which keeps them out of the chat.")]
    public Task<ProfileView> CreateCreatorProfile(
        [Description(PlatformHelp)] string platform,
        [Description("Handle on the platform.")][RegularExpression(ArgumentRules.UsernamePattern)] string username,
        [Description("Owner (Directus user id); default you; admins only.")][RegularExpression(ArgumentRules.UuidPattern)] string? user_id = null,
        [DefaultValue(true)] bool? is_active = null,
        [Description(CredentialsTools.CredentialsHelp)] Dictionary<string, string?>? credentials = null,
        CancellationToken cancellationToken = default) =>
        profiles.CreateCreatorProfileAsync(new ProfileCreateRequest(platform, username, user_id, is_active), credentialsService.EnvelopeOrNull(credentials), cancellationToken);

    [McpServerTool(Name = "update_scrape_status", Title = "Set scrape status",
        ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Records a scrape outcome by hand: success sets last_scraped_at to now and clears last_error; error needs " +
        "the error argument (only then), stored as last_error. To start a scrape, use trigger_scrape.")]
    public Task<ProfileView> UpdateScrapeStatus(
        [RegularExpression(ArgumentRules.UuidPattern)] string id,
        [AllowedValues(ScrapeStatuses.Idle, ScrapeStatuses.Scraping, ScrapeStatuses.Success, ScrapeStatuses.Error)] string status,
        [StringLength(ArgumentRules.MaxErrorMessageLength)] string? error = null,
        CancellationToken cancellationToken = default) =>
        profiles.UpdateScrapeStatusAsync(id, status, error, cancellationToken);

    [McpServerTool(Name = "set_profile_active", Title = "Activate or deactivate a profile",
        ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Turns monitoring of a profile on or off; inactive profiles are not scraped.")]
    public Task<ProfileView> SetProfileActive(
        [RegularExpression(ArgumentRules.UuidPattern)] string id,
        bool is_active,
        CancellationToken cancellationToken = default) =>
        profiles.SetProfileActiveAsync(id, is_active, cancellationToken);
}
