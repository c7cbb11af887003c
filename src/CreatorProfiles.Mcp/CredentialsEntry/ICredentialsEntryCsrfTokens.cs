namespace CreatorProfiles.Mcp.CredentialsEntry;

/// <summary>
/// The CSRF tokens the entry page's form was rendered with, per link (keyed by the hash of the link's token, kept as
/// hashes). In this process (<see cref="CredentialsEntryCsrfTokens"/>), or in Redis with REDIS_URL, where a form
/// rendered by one replica must submit through whichever replica the balancer picks.
/// </summary>
/// <exception cref="Domain.Credentials.Entry.SharedStateUnavailableException">Any method, when Redis did not answer.</exception>
internal interface ICredentialsEntryCsrfTokens
{
    /// <summary>The token for a new render of the link's form: <paramref name="known"/> when it was issued for this
    /// link (the browser's cookie from an earlier render), else a fresh one; kept until the link expires.</summary>
    Task<string> IssueAsync(string linkToken, string? known, DateTimeOffset linkExpiresAt, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="csrfToken"/> is one of the last tokens the link's page was rendered with.</summary>
    Task<bool> IsIssuedAsync(string linkToken, string? csrfToken, CancellationToken cancellationToken);

    /// <summary>Forgets the tokens of a link that no longer takes submissions.</summary>
    Task ForgetAsync(string linkToken, CancellationToken cancellationToken);
}
