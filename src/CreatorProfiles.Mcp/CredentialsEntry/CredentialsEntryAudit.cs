using CreatorProfiles.Mcp.Domain.Credentials.Entry;

namespace CreatorProfiles.Mcp.CredentialsEntry;

/// <summary>
/// What one request to the credentials entry page records for its audit line: who the link acts for (its owner; the
/// person at the browser is not identified otherwise), the profile, and why it ended as it did, one stable
/// snake_case outcome per kind of refusal. Never the token or a submitted value.
/// </summary>
internal sealed class CredentialsEntryAudit
{
    public const string Anonymous = "anonymous";

    public string Outcome { get; set; } = "error";

    public string? OwnerId { get; private set; }

    public string? ProfileId { get; private set; }

    /// <summary>The link's answer: its owner, its profile and what became of the request.</summary>
    public void Record(CredentialsEntryOutcome outcome)
    {
        Identify(outcome);
        Outcome = Of(outcome);
    }

    /// <summary>Whose link a request was for, before the request is refused for its own shape (another origin, a
    /// body too large): a forged post against a live link names the profile it aimed at.</summary>
    public void Identify(CredentialsEntryOutcome link)
    {
        OwnerId = link.OwnerId;
        ProfileId = link.Target?.ProfileId;
    }

    public static string Of(CredentialsEntryOutcome outcome) => outcome.Kind switch
    {
        CredentialsEntryResult.Open or CredentialsEntryResult.Stored => "ok",
        CredentialsEntryResult.NotFound => "bad_link",
        CredentialsEntryResult.Forbidden => "csrf_failed",
        CredentialsEntryResult.Invalid => "invalid_input",
        CredentialsEntryResult.Busy => "busy",
        CredentialsEntryResult.Unavailable => "unavailable",
        _ => outcome.CloseReason switch
        {
            CredentialsEntryCloseReason.Stored => "used_link",
            CredentialsEntryCloseReason.Expired => "expired_link",
            CredentialsEntryCloseReason.Replaced => "replaced_link",
            CredentialsEntryCloseReason.Declined => "declined_link",
            CredentialsEntryCloseReason.TooManyAttempts => "too_many_attempts",
            CredentialsEntryCloseReason.ProfileUnavailable => "profile_unavailable",
            _ => "closed_link",
        },
    };
}
