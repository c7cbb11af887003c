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
    /// then the values are validated, encrypted and stored for the profile, with the ownership of the caller who asked
    /// for the link, and the link is closed. A refused submission counts towards
    /// <see cref="CredentialsEntryOptions.MaxFailedSubmissions"/>; a failed store leaves the link open for a retry.
    /// </summary>
    public async Task<CredentialsEntryOutcome> SubmitAsync(string? token, CredentialsEntryForm form, CancellationToken cancellationToken)
    {
        Link link;
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            Sweep(now);
            if (Find(token) is not { } found)
            {
                return NotFound;
            }

            link = found;
            if (link.State == LinkState.Submitting)
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
                return Refused(link, CredentialsEntryResult.Forbidden, now);
            }

            if (form.Problem is not null)
            {
                return Refused(link, CredentialsEntryResult.Invalid, now);
            }

            link.State = LinkState.Submitting;
        }

        var claim = ClaimPrefix + Hash(token!);
        SetProfileCredentialsResult stored;
        try
        {
            if (!await claims.TryClaimAsync(claim, KeepUntil(link) - clock.GetUtcNow(), cancellationToken))
            {
                lock (_lock)
                {
                    Close(link, CredentialsEntryCloseReason.Stored, clock.GetUtcNow());
                    return Gone(link); // redeemed through another replica
                }
            }

            stored = await credentials.SetProfileCredentialsAsync(link.Caller, link.Target.ProfileId, form.Credentials, cancellationToken);
        }
        catch (InvalidArgumentException e)
        {
            await ReleaseAsync(claim);
            lock (_lock)
            {
                link.State = LinkState.Pending;
                return Refused(link, CredentialsEntryResult.Invalid, clock.GetUtcNow(), e.Message);
            }
        }
        catch (NotFoundException)
        {
            lock (_lock)
            {
                Close(link, CredentialsEntryCloseReason.ProfileUnavailable, clock.GetUtcNow());
                return Gone(link);
            }
        }
        catch (Exception e) when (e is DomainException or OperationCanceledException or HttpRequestException or TimeoutException)
        {
            // Storing failed for a reason the human cannot fix here (Directus down, no key): keep the link for a retry.
            logger.LogWarning("Credentials entry link {LinkId}: storing failed ({ExceptionType}); the link stays open", link.Id, e.GetType().Name);
            if (e is not SharedStateUnavailableException)
            {
                await ReleaseAsync(claim);
            }

            lock (_lock)
            {
                link.State = LinkState.Pending;
                return Outcome(link, CredentialsEntryResult.Unavailable, e is DomainException ? e.Message : null);
            }
        }

        lock (_lock)
        {
            Close(link, CredentialsEntryCloseReason.Stored, clock.GetUtcNow(), stored.Fields);
        }

        logger.LogInformation("Credentials entry link {LinkId}: stored fields {Fields} for profile {ProfileId} (format v1, key {KeyFingerprint}); the link is closed",
            link.Id, string.Join(", ", stored.Fields), link.Target.ProfileId, stored.KeyFingerprint);
        return new CredentialsEntryOutcome(CredentialsEntryResult.Stored, link.Target, link.ExpiresAt, CredentialsEntryCloseReason.Stored, stored.Fields)
        {
            OwnerId = link.Caller.UserId,
        };
    }

    private const string ClaimPrefix = "credentials-entry:";

    /// <summary>Gives the claim back so the link can be retried; if that fails too, the claim lapses with the link.</summary>
    private async Task ReleaseAsync(string claim)
    {
        try
        {
            await claims.ReleaseAsync(claim, CancellationToken.None);
        }
        catch (SharedStateUnavailableException)
        {
            logger.LogWarning("A credentials entry claim could not be released; the link cannot be retried");
        }
    }

    private CredentialsEntryOutcome Refused(Link link, CredentialsEntryResult kind, DateTimeOffset now, string? detail = null)
    {
        link.FailedSubmissions++;
        if (link.FailedSubmissions >= _options.MaxFailedSubmissions)
        {
            Close(link, CredentialsEntryCloseReason.TooManyAttempts, now);
            return Gone(link);
        }

        return Outcome(link, kind, detail);
    }
}
