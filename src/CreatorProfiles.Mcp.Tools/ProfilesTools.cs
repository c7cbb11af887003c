using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.Domain.Paging;
using CreatorProfiles.Mcp.Domain.Profiles;
using CreatorProfiles.Mcp.Domain.Validation;
using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>Toolset <c>profiles</c>: reading and changing creator profiles (DESIGN.md section 3).
/// Each tool validates through the domain and returns one result record; no tool ever returns a credential value.</summary>
[McpServerToolType]
[Toolset(ToolCatalogOptions.Profiles)]
public sealed class ProfilesTools(ProfileService profiles, CredentialsService credentialsService)
{
    private const string PlatformHelp = "Platform, e.g. onlyfans or fansly (case-insensitive; see resource creatorprofiles://platforms).";

    [McpServerTool(Name = "list_creator_profiles", Title = "List creator profiles",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Lists creator profiles (one per connected platform account), optionally filtered, sorted by platform then " +
        "username. Use it to find profile ids or see which accounts are idle, scraping, successful or failing. Returns `items` " +
        "(never credential values: has_credentials and credentials_format instead) and `next_cursor` while more pages exist; " +
        "pass it back as `cursor` with the same filters.")]
    public Task<Page<ProfileView>> ListCreatorProfiles(
        [Description(PlatformHelp)] string? platform = null,
        [Description("Only this scrape status.")][AllowedValues(ScrapeStatuses.Idle, ScrapeStatuses.Scraping, ScrapeStatuses.Success, ScrapeStatuses.Error)] string? scrape_status = null,
        [Description("Only active (true) or inactive (false) profiles.")] bool? is_active = null,
        [Description("Only profiles owned by this Directus user id.")][RegularExpression(ArgumentRules.UuidPattern)] string? user_id = null,
        [Description("Page size (default 25).")][Range(ArgumentRules.MinLimit, ArgumentRules.MaxLimit)] int? limit = null,
        [Description("next_cursor of the previous page.")] string? cursor = null,
        CancellationToken cancellationToken = default) =>
        profiles.ListAsync(new ProfileListRequest(platform, scrape_status, is_active, user_id, limit, cursor), cancellationToken);

    [McpServerTool(Name = "get_creator_profile", Title = "Get a creator profile",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Gets one profile by id with its latest job, its pending human-login request (HITL) and auth_state: " +
        "cookies_valid (with cookies_expire_at unless they never expire), cookies_expired or no_cookies, i.e. whether a scrape " +
        "can run without a human. Use it before acting on a profile. Absent fields are null.")]
    public Task<ProfileDetails> GetCreatorProfile(
        [Description("Profile id.")][RegularExpression(ArgumentRules.UuidPattern)] string id,
        CancellationToken cancellationToken = default) =>
        profiles.GetAsync(id, cancellationToken);

    [McpServerTool(Name = "search_creator_profiles", Title = "Search creator profiles by username",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Finds profiles of one platform whose username contains `query` (case-insensitive). Use it when you know " +
        "part of a handle. Paged like list_creator_profiles.")]
    public Task<Page<ProfileView>> SearchCreatorProfiles(
        [Description(PlatformHelp)] string platform,
        [Description("Part of the username (letters, digits, '.', '_', '-'); omit to list the whole platform.")][StringLength(ArgumentRules.MaxUsernameLength)] string? query = null,
        [Description("Page size (default 25).")][Range(ArgumentRules.MinLimit, ArgumentRules.MaxLimit)] int? limit = null,
        [Description("next_cursor of the previous page.")] string? cursor = null,
        CancellationToken cancellationToken = default) =>
        profiles.SearchAsync(platform, query, limit, cursor, cancellationToken);

    [McpServerTool(Name = "get_profile_stats", Title = "Creator profile statistics",
        ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Counts profiles by platform and scrape status, active vs inactive, and the active profiles overdue for a " +
        "scrape (no success within overdue_after_hours, or never), with the longest-waiting ones. Use it for an overview.")]
    public Task<ProfileStats> GetProfileStats(
        [Description("Hours after which an active profile counts as overdue (default 24).")][Range(1, 24 * 90)] int? overdue_after_hours = null,
        CancellationToken cancellationToken = default) =>
        profiles.StatsAsync(overdue_after_hours, cancellationToken);

    [McpServerTool(Name = "create_creator_profile", Title = "Create a creator profile",
        ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Connects a new platform account as a profile (status idle). A platform and username pair is unique " +
        "(ignoring case): a duplicate is refused with the existing profile's id. Credentials, if given, are encrypted on the " +
        "server; prefer request_credentials_entry so they never pass through the chat. Returns the new profile.")]
    public Task<ProfileView> CreateCreatorProfile(
        [Description(PlatformHelp)] string platform,
        [Description("The account's handle on the platform: 1-64 letters, digits, '.', '_' or '-'.")][RegularExpression(ArgumentRules.UsernamePattern)] string username,
        [Description("Owner's Directus user id; defaults to you (only an admin may name another user).")][RegularExpression(ArgumentRules.UuidPattern)] string? user_id = null,
        [Description("Monitor it (default true).")] bool? is_active = null,
        [Description("Login fields as strings, e.g. {\"email\": ..., \"password\": ...}.")] Dictionary<string, string?>? credentials = null,
        CancellationToken cancellationToken = default) =>
        profiles.CreateAsync(new ProfileCreateRequest(platform, username, user_id, is_active), credentialsService.EnvelopeOrNull(credentials), cancellationToken);

    [McpServerTool(Name = "update_scrape_status", Title = "Set a profile's scrape status",
        ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Records a scrape outcome by hand: success sets last_scraped_at to now and clears last_error; error stores " +
        "`error` as last_error (required then, not allowed otherwise). To start a scrape, use trigger_scrape instead. " +
        "Returns the updated profile.")]
    public Task<ProfileView> UpdateScrapeStatus(
        [Description("Profile id.")][RegularExpression(ArgumentRules.UuidPattern)] string id,
        [Description("New status.")][AllowedValues(ScrapeStatuses.Idle, ScrapeStatuses.Scraping, ScrapeStatuses.Success, ScrapeStatuses.Error)] string status,
        [Description("What went wrong (with status error only).")][StringLength(ArgumentRules.MaxErrorMessageLength)] string? error = null,
        CancellationToken cancellationToken = default) =>
        profiles.UpdateScrapeStatusAsync(id, status, error, cancellationToken);

    [McpServerTool(Name = "set_profile_active", Title = "Activate or deactivate a profile",
        ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Turns monitoring of a profile on or off; inactive profiles are not scraped. Returns the updated profile.")]
    public Task<ProfileView> SetProfileActive(
        [Description("Profile id.")][RegularExpression(ArgumentRules.UuidPattern)] string id,
        [Description("true to monitor, false to pause.")] bool is_active,
        CancellationToken cancellationToken = default) =>
        profiles.SetActiveAsync(id, is_active, cancellationToken);
}
