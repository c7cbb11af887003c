using ModelContextProtocol.Server;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// The OAuth scopes of <c>--auth oauth</c> (docs/deployment.md) and which tool each one opens, decided like
/// <see cref="ToolCatalogOptions"/> decides <c>--read-only</c> and <c>--toolsets</c>: from a tool's toolset and its
/// <c>readOnlyHint</c>. Every read tool needs <see cref="ProfilesRead"/> (as do the resources and the prompt); a write
/// tool needs its toolset's write scope. <see cref="CredentialsDecrypt"/> opens only the decrypt endpoint.
/// </summary>
public static class ToolScopes
{
    public const string ProfilesRead = "profiles:read";
    public const string ProfilesWrite = "profiles:write";
    public const string ScrapesTrigger = "scrapes:trigger";
    public const string CredentialsWrite = "credentials:write";
    public const string CredentialsDecrypt = "credentials:decrypt";

    /// <summary>The scopes a person's client asks for (everything but the worker's decrypt scope).</summary>
    public static IReadOnlyList<string> UserScopes { get; } = [ProfilesRead, ProfilesWrite, ScrapesTrigger, CredentialsWrite];

    /// <summary>Every scope, as the protected resource metadata lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [.. UserScopes, CredentialsDecrypt];

    /// <summary>The scope a tool of <paramref name="toolset"/> needs.</summary>
    public static string For(string toolset, bool readOnlyTool) =>
        readOnlyTool ? ProfilesRead : toolset switch
        {
            ToolCatalogOptions.Profiles => ProfilesWrite,
            ToolCatalogOptions.Scrapes => ScrapesTrigger,
            ToolCatalogOptions.Credentials => CredentialsWrite,
            _ => throw new ArgumentException($"Toolset '{toolset}' has no scope.", nameof(toolset)),
        };

    public static string For(McpServerTool tool) => For(ToolAvailability.ToolsetOf(tool), ToolAvailability.IsReadOnly(tool));

    /// <summary>The refusal a caller without <paramref name="scope"/> gets: it names the scope.</summary>
    public static string Refusal(string what, string scope) =>
        $"{what} needs the OAuth scope '{scope}', which this access token was not granted. Sign in again and grant it.";
}
