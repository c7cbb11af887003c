namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>What the decrypt endpoint reads of a profile.</summary>
public static class DecryptSources
{
    /// <summary>creator_profiles.credentials (the default).</summary>
    public const string Credentials = "credentials";

    /// <summary>The newest unexpired platform_sessions row's cookies.</summary>
    public const string Cookies = "cookies";

    public static readonly IReadOnlyList<string> All = [Credentials, Cookies];
}
