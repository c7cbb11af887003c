namespace CreatorProfiles.Mcp.Directus;

public sealed class DirectusOptions
{
    /// <summary>DIRECTUS_URL: base URL of the Directus instance.</summary>
    public Uri BaseUrl { get; set; } = new("http://127.0.0.1:8055");

    /// <summary>DIRECTUS_TOKEN: the server's own service token.</summary>
    public string Token { get; set; } = "";

    /// <summary>Per attempt; reads are retried within <see cref="TotalTimeout"/>.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries for GET only: a retried insert is not idempotent unless a unique key makes it so.</summary>
    public int ReadRetries { get; set; } = 2;
}
