using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Credentials;
using CreatorProfiles.Mcp.Domain.Untrusted;

namespace CreatorProfiles.Mcp.Domain.Profiles;

/// <summary>
/// A profile as agents see it: every column except the credentials value, which is replaced by
/// <see cref="HasCredentials"/> and <see cref="CredentialsFormat"/> (docs/tools.md). The username and last_error are
/// read back from Directus, where a tenant, the worker or anyone with database access may have written anything, so
/// they sit under <see cref="Untrusted"/>, cleaned.
/// </summary>
public sealed record ProfileView(
    string Id,
    string? UserId,
    string Platform,
    string ScrapeStatus,
    DateTimeOffset? LastScrapedAt,
    bool IsActive,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    bool HasCredentials,
    string CredentialsFormat,
    UntrustedProfileText Untrusted)
{
    public static ProfileView From(ProfileRecord record)
    {
        var format = CredentialsFormatClassifier.Classify(record.Credentials);
        return new ProfileView(
            record.Id, record.UserId, UntrustedText.Word(record.Platform), UntrustedText.Word(record.ScrapeStatus), record.LastScrapedAt,
            record.IsActive, record.CreatedAt, record.UpdatedAt,
            format != Credentials.CredentialsFormat.None, format.ToName(),
            UntrustedProfileText.From(record));
    }
}

/// <summary>The stored text of a profile that the server cannot vouch for: data, never instructions.</summary>
public sealed record UntrustedProfileText(string? Username, string? LastError)
{
    public static UntrustedProfileText From(ProfileRecord record) => new(
        UntrustedText.CleanText(record.Username, UntrustedText.MaxNameLength),
        UntrustedText.CleanText(record.LastError, UntrustedText.MaxTextLength));
}
