using CreatorProfiles.Mcp.Directus;
using Microsoft.Extensions.Logging;

namespace CreatorProfiles.Mcp.Domain.Credentials.Entry;

/// <summary>The submission of a link's form: checks in order, storing through <see cref="CredentialsService"/>, and
/// the attempts that count towards closing the link.</summary>
public sealed partial class CredentialsEntryLinkStore
{
    /// <summary>
    /// A submission of the page's form. In order: unknown or closed links are answered as such; the host must have
    /// verified the form (<see cref="CredentialsEntryForm.Verified"/>); the form must have made sense (<see cref="CredentialsEntryForm.Problem"/>);
    /// then the link moves from pending to submitting in one atomic step (so it is redeemed at most once, even when two
    /// replicas are asked at the same moment), the values are validated, encrypted and stored for the profile, with the
    /// ownership of the caller who asked for the link, and the link is closed. A refused submission counts towards
    /// <see cref="CredentialsEntryOptions.MaxFailedSubmissions"/>; a failed store leaves the link open for a retry.
    /// </summary>
    /// <exception cref="SharedStateUnavailableException">The shared records did not answer: nothing was stored.</exception>
    public async Task<CredentialsEntryOutcome> SubmitAsync(string? token, CredentialsEntryForm form, CancellationToken cancellationToken)
    {
        if (await FindAsync(token, cancellationToken) is not { } found)
        {
            return NotFound;
        }

        var (hash, link) = found;

        if (link.State == CredentialsEntryLinkState.Submitting)
        {
            return Outcome(link, CredentialsEntryResult.Busy);
        }

        if (!link.IsOpen)
        {
            return Gone(link);
        }

        if (!form.Verified)
        {
            logger.LogWarning("Credentials entry link {LinkId}: a submission failed the CSRF check", link.Id);
            return await RefusedAsync(hash, link, CredentialsEntryResult.Forbidden, null, cancellationToken);
        }

        if (form.Problem is not null)
        {
            return await RefusedAsync(hash, link, CredentialsEntryResult.Invalid, null, cancellationToken);
        }

        var (claimed, current) = await records.ChangeStateAsync(hash, CredentialsEntryLinkState.Pending,
            new CredentialsEntryLinkChange(CredentialsEntryLinkState.Submitting), KeepUntil(link), cancellationToken);
        if (!claimed)
        {
            // Submitted, closed or forgotten through another replica since it was read.
            return current is null ? NotFound : current.State == CredentialsEntryLinkState.Submitting ? Outcome(current, CredentialsEntryResult.Busy) : Gone(Observe(hash, current));
        }

        SetProfileCredentialsResult stored;
        try
        {
            stored = await credentials.SetProfileCredentialsAsync(link.Caller, link.Target.ProfileId, form.Credentials, cancellationToken);
        }
        catch (InvalidArgumentException e)
        {
            await ReopenAsync(hash, link);
            return await RefusedAsync(hash, link, CredentialsEntryResult.Invalid, e.Message, cancellationToken);
        }
        catch (NotFoundException)
        {
            var (_, closed) = await CloseAsync(hash, CredentialsEntryLinkState.Submitting, CredentialsEntryCloseReason.ProfileUnavailable, null, CancellationToken.None);
            return Gone(closed ?? link);
        }
        catch (Exception e) when (e is DomainException or OperationCanceledException or HttpRequestException or TimeoutException)
        {
            // Storing failed for a reason the human cannot fix here (Directus down, no key): keep the link for a retry.
            logger.LogWarning("Credentials entry link {LinkId}: storing failed ({ExceptionType}); the link stays open", link.Id, e.GetType().Name);
            await ReopenAsync(hash, link);
            return Outcome(link, CredentialsEntryResult.Unavailable, e is DomainException ? e.Message : null);
        }

        try
        {
            await CloseAsync(hash, CredentialsEntryLinkState.Submitting, CredentialsEntryCloseReason.Stored, stored.Fields, CancellationToken.None);
        }
        catch (SharedStateUnavailableException)
        {
            // Stored all the same; the link stays "being submitted" until it expires, so it cannot be used again.
            logger.LogWarning("Credentials entry link {LinkId}: stored, but the link could not be marked used; it answers busy until it expires", link.Id);
        }

        logger.LogInformation("Credentials entry link {LinkId}: stored fields {Fields} for profile {ProfileId} (format v1, key {KeyFingerprint}); the link is closed",
            link.Id, string.Join(", ", stored.Fields), link.Target.ProfileId, stored.KeyFingerprint);
        return new CredentialsEntryOutcome(CredentialsEntryResult.Stored, link.Target, link.ExpiresAt, CredentialsEntryCloseReason.Stored, stored.Fields)
        {
            OwnerId = link.Caller.UserId,
        };
    }

    /// <summary>Opens the link again after a store that did not happen; if the shared records are gone too, the link
    /// answers busy until it expires.</summary>
    private async Task ReopenAsync(string hash, CredentialsEntryLinkRecord link)
    {
        try
        {
            await records.ChangeStateAsync(hash, CredentialsEntryLinkState.Submitting,
                new CredentialsEntryLinkChange(CredentialsEntryLinkState.Pending), KeepUntil(link), CancellationToken.None);
        }
        catch (SharedStateUnavailableException)
        {
            logger.LogWarning("Credentials entry link {LinkId} could not be reopened; it cannot be retried", link.Id);
        }
    }

    private async Task<CredentialsEntryOutcome> RefusedAsync(
        string hash, CredentialsEntryLinkRecord link, CredentialsEntryResult kind, string? detail, CancellationToken cancellationToken)
    {
        if (await records.AddFailedSubmissionAsync(hash, cancellationToken) >= _options.MaxFailedSubmissions)
        {
            var (_, closed) = await CloseAsync(hash, CredentialsEntryLinkState.Pending, CredentialsEntryCloseReason.TooManyAttempts, null, cancellationToken);
            return Gone(closed ?? link);
        }

        return Outcome(link, kind, detail);
    }
}
