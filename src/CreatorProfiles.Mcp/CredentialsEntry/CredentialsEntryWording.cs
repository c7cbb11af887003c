using CreatorProfiles.Mcp.Domain.Credentials.Entry;

namespace CreatorProfiles.Mcp.CredentialsEntry;

/// <summary>What the entry page says to the human for each outcome of the link store and each refusal of the page
/// itself. Never quotes a submitted value.</summary>
internal static class CredentialsEntryWording
{
    public const string NotFoundTitle = "This link is not valid";
    public const string NotFound = "This link is not valid. It may be mistyped, or it was used or expired a while ago. Ask the assistant for a new link.";

    public const string GoneTitle = "This link no longer works";

    public const string BusyTitle = "Please wait";
    public const string Busy = "This link is being submitted right now (from another tab?). Wait a moment and reload it.";

    public const string RefusedTitle = "Refused";
    public const string Forbidden = "This form could not be verified (it may be stale, or it did not come from this page). Nothing was stored. Open the link again and retry.";
    public const string CrossOrigin = "This form can only be sent from its own page. Nothing was stored.";

    public const string WrongHostTitle = "Wrong address";
    public const string WrongHost = "This page only answers at the address it was linked with.";
    public const string NoPageTitle = "Not found";
    public const string NoPage = "There is nothing here.";
    public const string MethodTitle = "Not allowed";
    public const string Method = "Open the link in a browser.";
    public const string TooLargeTitle = "Too large";
    public const string TooLarge = "The form was too large. Nothing was stored.";
    public const string UnsupportedTitle = "Unsupported";
    public const string Unsupported = "Send the form from its page. Nothing was stored.";
    public const string UnavailableTitle = "Try again in a minute";
    public const string Unavailable = "The server cannot check this link right now. Nothing was stored, and the link still works until it expires: reload this page in a minute.";
    public const string UnreadableTitle = "Unreadable";
    public const string Unreadable = "The form could not be read. Nothing was stored.";

    /// <summary>Why a link no longer works.</summary>
    public static string Gone(CredentialsEntryCloseReason? reason) => reason switch
    {
        CredentialsEntryCloseReason.Stored => "This link has been used: the credentials were stored, and it cannot be used again. To change them, ask the assistant for a new link.",
        CredentialsEntryCloseReason.Expired => "This link has expired. Nothing was stored through it. Ask the assistant for a new link.",
        CredentialsEntryCloseReason.Replaced => "This link was replaced by a newer one for the same profile. Nothing was stored through it; use the newest link.",
        CredentialsEntryCloseReason.Declined => "This link was cancelled when opening it was declined. Nothing was stored through it. Ask the assistant for a new link.",
        CredentialsEntryCloseReason.TooManyAttempts => "This link was cancelled after too many refused submissions. Nothing was stored through it. Ask the assistant for a new link.",
        CredentialsEntryCloseReason.ProfileUnavailable => "The profile no longer exists or is no longer yours. Nothing was stored, and this link is closed.",
        _ => "This link is closed. Nothing was stored through it. Ask the assistant for a new link.",
    };

    /// <summary>The line above a form shown again: why the last submission was refused or failed; null for a fresh form.</summary>
    public static string? FormError(CredentialsEntryOutcome outcome, CredentialsEntryForm? submitted) => outcome.Kind switch
    {
        CredentialsEntryResult.Invalid when submitted?.Problem is { } problem => problem + " Nothing was stored.",
        CredentialsEntryResult.Invalid => $"The values were refused: {outcome.Detail} Nothing was stored.",
        CredentialsEntryResult.Unavailable => $"{outcome.Detail ?? "The server could not store them right now."} Nothing was stored; try again in a moment.",
        _ => null,
    };
}
