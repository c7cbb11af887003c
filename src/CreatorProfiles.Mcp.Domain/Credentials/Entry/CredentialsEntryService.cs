using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Auditing;
using CreatorProfiles.Mcp.Domain.Callers;
using CreatorProfiles.Mcp.Domain.Profiles;
using CreatorProfiles.Mcp.Domain.Untrusted;
using CreatorProfiles.Mcp.Domain.Validation;

namespace CreatorProfiles.Mcp.Domain.Credentials.Entry;

/// <summary>
/// request_credentials_entry: credentials typed into a chat travel through the model; this mints a one-time link to
/// a page the server serves itself, where the human types them and the server encrypts and stores them on submit.
/// </summary>
public sealed class CredentialsEntryService(
    ProfileService profiles,
    ICallerAccessor callers,
    CredentialsCipherProvider ciphers,
    CredentialsEntryLinkStore links,
    CredentialsEntryRequestStates states,
    ICredentialsEntryEndpoint? endpoint = null)
{
    /// <summary>Mints a link for a profile the caller may see: one Directus request (the profile's platform and
    /// username for the page), then the endpoint is started if it is not running.</summary>
    public async Task<CredentialsEntryLink> RequestCredentialsEntryAsync(string? profileId, CancellationToken cancellationToken)
    {
        var id = ArgumentRules.Uuid(profileId, "profile_id");
        if (endpoint is null)
        {
            throw new DomainException("request_credentials_entry is not available in this mode (the server has no page to serve). Use set_profile_credentials.");
        }

        _ = ciphers.GetCipher(); // no key: refuse now, not after the human has typed everything
        var caller = await callers.GetCallerAsync(cancellationToken);
        var target = await ReadTargetAsync(id, caller, cancellationToken);
        var ticket = await links.CreateAsync(target, caller, cancellationToken);
        AuditFacts.RecordCreated(AuditFacts.Kinds.CredentialsEntryLink, ticket.LinkId);
        Uri baseUrl;
        try
        {
            baseUrl = await endpoint.EnsureStartedAsync(cancellationToken);
        }
        catch (DomainException)
        {
            await links.CancelAsync(ticket.LinkId, CredentialsEntryCloseReason.Failed, CancellationToken.None);
            throw; // the endpoint's own explanation (e.g. no public URL configured)
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await links.CancelAsync(ticket.LinkId, CredentialsEntryCloseReason.Failed, CancellationToken.None);
            throw new DomainException("The server could not open its credentials entry page on this machine. Use set_profile_credentials, or try again.", e);
        }
        catch (OperationCanceledException)
        {
            await links.CancelAsync(ticket.LinkId, CredentialsEntryCloseReason.Failed, CancellationToken.None);
            throw;
        }

        return new CredentialsEntryLink(ticket.LinkId, target, new Uri(baseUrl, ticket.Token), ticket.ExpiresAt);
    }

    /// <summary>The requestState that carries <paramref name="link"/> through an input_required round trip.</summary>
    public async Task<string> SealRequestStateAsync(CredentialsEntryLink link, CancellationToken cancellationToken) =>
        states.Seal(link, await callers.GetCallerAsync(cancellationToken));

    /// <summary>The retry of an input_required round trip: redeems its state (see <see cref="CredentialsEntryRequestStates"/>)
    /// and reads the profile again, so a caller who lost it in between is refused like any other.</summary>
    public async Task<CredentialsEntryRoundTrip> ResumeAsync(string? profileId, string requestState, CancellationToken cancellationToken)
    {
        var id = ArgumentRules.Uuid(profileId, "profile_id");
        var caller = await callers.GetCallerAsync(cancellationToken);
        var state = await states.RedeemAsync(requestState, id, caller, cancellationToken);
        return new CredentialsEntryRoundTrip(state.LinkId, await ReadTargetAsync(id, caller, cancellationToken), state.ExpiresAt);
    }

    /// <summary>Closes a link nobody will open (the user declined to open it), whichever replica minted it.</summary>
    public Task CancelAsync(string linkId, CredentialsEntryCloseReason reason, CancellationToken cancellationToken) =>
        links.CancelAsync(linkId, reason, cancellationToken);

    /// <summary>Completes with the stored field names once the link's form has been submitted; cancelled if it never is.</summary>
    public Task<IReadOnlyList<string>> WhenStoredAsync(string linkId) => links.WhenStoredAsync(linkId);

    private async Task<CredentialsEntryTarget> ReadTargetAsync(string id, Caller caller, CancellationToken cancellationToken)
    {
        var record = await profiles.GetVisibleAsync(id, caller, DirectusSchema.Selections.ProfileEntryTarget, deep: null, cancellationToken);
        // Both are shown on the page, in the elicitation message and in the result: a row written straight into Directus
        // could hold anything there, so they are cleaned like every untrusted value (docs/tools.md).
        return new CredentialsEntryTarget(id, UntrustedText.Word(record.Platform),
            UntrustedText.CleanText(record.Username, UntrustedText.MaxNameLength) ?? "", CredentialsFormatClassifier.Classify(record.Credentials) != CredentialsFormat.None);
    }
}

/// <summary>A minted link. <see cref="Url"/> carries the secret token: hand it to the human, never to a log.</summary>
public sealed record CredentialsEntryLink(string LinkId, CredentialsEntryTarget Target, Uri Url, DateTimeOffset ExpiresAt);

/// <summary>A link met again through a redeemed request state: its id, what it is for and until when (not its URL, which
/// only the first call had).</summary>
public sealed record CredentialsEntryRoundTrip(string LinkId, CredentialsEntryTarget Target, DateTimeOffset ExpiresAt);
