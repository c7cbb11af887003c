namespace CreatorProfiles.Mcp.Domain.Credentials.Entry;

/// <summary>The profile a link is for, as the page shows it: never a stored value, only whether one exists.</summary>
public sealed record CredentialsEntryTarget(string ProfileId, string Platform, string Username, bool HasCredentials);

/// <summary>A new link: <see cref="Token"/> goes into the URL and nowhere else (not into logs, not into the store).</summary>
public sealed record CredentialsEntryTicket(string LinkId, string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// A submitted form: whether the host verified that it came from a page rendered for this link
/// (<see cref="Verified"/>, its CSRF check), the credentials it carried (field name to value; empty fields left out),
/// and <see cref="Problem"/> when the form itself made no sense (e.g. no password).
/// </summary>
public sealed record CredentialsEntryForm(bool Verified, IReadOnlyDictionary<string, string?> Credentials, string? Problem = null);

public enum CredentialsEntryResult
{
    /// <summary>Show the form.</summary>
    Open,
    /// <summary>Stored; the link is closed.</summary>
    Stored,
    /// <summary>No such link (or forgotten).</summary>
    NotFound,
    /// <summary>Used, expired or cancelled: <see cref="CredentialsEntryOutcome.CloseReason"/> says which.</summary>
    Gone,
    /// <summary>The form was not verified; nothing stored.</summary>
    Forbidden,
    /// <summary>The form (its <see cref="CredentialsEntryForm.Problem"/>) or its values
    /// (<see cref="CredentialsEntryOutcome.Detail"/>) were refused; the form may be shown again.</summary>
    Invalid,
    /// <summary>Another submission of this link is being stored.</summary>
    Busy,
    /// <summary>Storing failed (Directus unavailable...); the link stays open; the form may be shown again.</summary>
    Unavailable,
}

public enum CredentialsEntryCloseReason { Stored, Expired, Replaced, Declined, TooManyAttempts, ProfileUnavailable, Failed }

/// <summary>
/// What happened to a page request, as data: the host words it for the human. <see cref="Detail"/> is the domain's
/// own explanation when there is one (why values were refused, why storing failed) and never holds a submitted value;
/// <see cref="StoredFields"/> are field names only.
/// </summary>
public sealed record CredentialsEntryOutcome(
    CredentialsEntryResult Kind,
    CredentialsEntryTarget? Target,
    DateTimeOffset? ExpiresAt,
    CredentialsEntryCloseReason? CloseReason = null,
    IReadOnlyList<string>? StoredFields = null,
    string? Detail = null)
{
    /// <summary>The user id of the caller who asked for the link (the submission acts for them), when the link is known.</summary>
    public string? OwnerId { get; init; }
}
