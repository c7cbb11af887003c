namespace CreatorProfiles.Mcp.Domain.Validation;

public static class ScrapeStatuses
{
    public const string Idle = "idle";
    public const string Scraping = "scraping";
    public const string Success = "success";
    public const string Error = "error";
    public static readonly IReadOnlyList<string> All = [Idle, Scraping, Success, Error];
}

public static class JobStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    public static readonly IReadOnlyList<string> All = [Queued, Running, Done, Failed];
}

public static class HitlStatuses
{
    public const string Pending = "pending";
    public const string Resolved = "resolved";
    public const string Expired = "expired";
    public const string Cancelled = "cancelled";
    public static readonly IReadOnlyList<string> All = [Pending, Resolved, Expired, Cancelled];
}
