namespace CreatorProfiles.Mcp.Domain.Credentials.Entry;

/// <summary>How credential-entry links behave (CREDENTIALS_ENTRY_TTL, CREDENTIALS_ENTRY_LINGER, CREDENTIALS_ENTRY_MAX_OPEN).</summary>
public sealed class CredentialsEntryOptions
{
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DefaultLinger = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MinTtl = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxTtl = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxLinger = TimeSpan.FromHours(1);

    /// <summary>How long a new link works (until used): CREDENTIALS_ENTRY_TTL, 1 s to 1 h, default 10 minutes.</summary>
    public TimeSpan Ttl { get; set; } = DefaultTtl;

    /// <summary>How long a used, expired or cancelled link is still remembered (answered with 410 Gone instead of
    /// 404), and so how long the page stays served after the last link closed: CREDENTIALS_ENTRY_LINGER, default 1 minute.</summary>
    public TimeSpan Linger { get; set; } = DefaultLinger;

    public const int DefaultMaxOpenLinksPerCaller = 10;

    /// <summary>Open links at once per caller, over all their profiles: a runaway agent cannot fill the server's memory,
    /// and one caller at the cap does not stop another from getting a link (CREDENTIALS_ENTRY_MAX_OPEN, 1 to 100).</summary>
    public int MaxOpenLinksPerCaller { get; set; } = DefaultMaxOpenLinksPerCaller;

    /// <summary>Refused submissions (CSRF check failed, invalid form) after which a link is cancelled.</summary>
    public int MaxFailedSubmissions { get; set; } = 5;
}
