using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Credentials;

namespace CreatorProfiles.Mcp.Domain.Profiles;

/// <summary>
/// A profile as agents see it: every column except the credentials value, which is replaced by
/// <see cref="HasCredentials"/> and <see cref="CredentialsFormat"/> (docs/tools.md).
/// </summary>
public sealed record ProfileView(
    string Id,
    string? UserId,
    string Platform,
    string Username,
    string ScrapeStatus,
    DateTimeOffset? LastScrapedAt,
    string? LastError,
    bool IsActive,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    bool HasCredentials,
    string CredentialsFormat)
{
    public static ProfileView From(ProfileRecord record)
    {
        var format = CredentialsFormatClassifier.Classify(record.Credentials);
        return new ProfileView(
            record.Id, record.UserId, record.Platform, record.Username, record.ScrapeStatus, record.LastScrapedAt,
            record.LastError, record.IsActive, record.CreatedAt, record.UpdatedAt,
            format != Credentials.CredentialsFormat.None, format.ToName());
    }
}
