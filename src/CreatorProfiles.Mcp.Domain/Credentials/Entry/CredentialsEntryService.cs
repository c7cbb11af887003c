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
        var record = await profiles.GetVisibleAsync(id, caller, DirectusSchema.Selections.ProfileEntryTarget, deep: null, cancellationToken);
        // Both are shown on the page, in the elicitation message and in the result: a row written straight into Directus
        // could hold anything there, so they are cleaned like every untrusted value (docs/tools.md).
        var target = new CredentialsEntryTarget(id, UntrustedText.Word(record.Platform),
            UntrustedText.CleanText(record.Username, UntrustedText.MaxNameLength) ?? "", CredentialsFormatClassifier.Classify(record.Credentials) != CredentialsFormat.None);

        var ticket = links.Create(target, caller);
        AuditFacts.RecordCreated(AuditFacts.Kinds.CredentialsEntryLink, ticket.LinkId);
        Uri baseUrl;
        try
        {
            baseUrl = await endpoint.EnsureStartedAsync(cancellationToken);
        }
        catch (DomainException)
        {
            links.Cancel(ticket.LinkId, CredentialsEntryCloseReason.Failed);
            throw; // the endpoint's own explanation (e.g. no public URL configured)
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            links.Cancel(ticket.LinkId, CredentialsEntryCloseReason.Failed);
            throw new DomainException("The server could not open its credentials entry page on this machine. Use set_profile_credentials, or try again.", e);
        }
        catch (OperationCanceledException)
        {
            links.Cancel(ticket.LinkId, CredentialsEntryCloseReason.Failed);
            throw;
        }

        return new CredentialsEntryLink(ticket.LinkId, target, new Uri(baseUrl, ticket.Token), ticket.ExpiresAt);
    }

    /// <summary>Closes a link nobody will open (the user declined to open it).</summary>
    public void Cancel(CredentialsEntryLink link, CredentialsEntryCloseReason reason) => links.Cancel(link.LinkId, reason);

    /// <summary>Completes with the stored field names once the link's form has been submitted; cancelled if it never is.</summary>
    public Task<IReadOnlyList<string>> WhenStoredAsync(CredentialsEntryLink link) => links.WhenStoredAsync(link.LinkId);
}

/// <summary>A minted link. <see cref="Url"/> carries the secret token: hand it to the human, never to a log.</summary>
public sealed record CredentialsEntryLink(string LinkId, CredentialsEntryTarget Target, Uri Url, DateTimeOffset ExpiresAt);
