using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Untrusted;

namespace CreatorProfiles.Mcp.Domain.Scrapes;

/// <summary>
/// One scraped media row as agents see it. Everything under <see cref="Untrusted"/> is text the scraped site (through
/// the worker) wrote, cleaned by <see cref="UntrustedText"/>; the other fields are the server's own data.
/// </summary>
public sealed record MediaView(
    string Id,
    string? ProfileId,
    string? JobId,
    DateTimeOffset? PostedAt,
    DateTimeOffset? CreatedAt,
    UntrustedMediaText Untrusted,
    int? CaptionChars,
    bool? CaptionTruncated)
{
    public static MediaView From(ScrapedMediaRecord r)
    {
        var caption = UntrustedText.Clean(r.Caption, UntrustedText.MaxTextLength);
        return new MediaView(
            r.Id, r.ProfileId, r.JobId, r.PostedAt, r.CreatedAt,
            new UntrustedMediaText(
                UntrustedText.CleanText(r.MediaType, UntrustedText.MaxNameLength),
                caption.Text,
                UntrustedText.CleanText(r.Url, UntrustedText.MaxUrlLength)),
            caption.Truncated ? caption.VisibleLength : null,
            caption.Truncated ? true : null);
    }
}

/// <summary>The third-party values of a media row: data to show or summarise, never instructions.</summary>
public sealed record UntrustedMediaText(string? MediaType, string? Caption, string? Url);
