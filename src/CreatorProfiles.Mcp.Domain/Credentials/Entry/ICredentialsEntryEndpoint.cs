namespace CreatorProfiles.Mcp.Domain.Credentials.Entry;

/// <summary>
/// Where the credentials entry page is served. The host implements it: in stdio mode a loopback-only HTTP listener
/// that starts on the first link and stops once no link needs it (<see cref="CredentialsEntryLinkStore.KeepServingUntil"/>);
/// in HTTP mode the HTTP app itself, under its public URL.
/// </summary>
public interface ICredentialsEntryEndpoint
{
    /// <summary>Starts serving the page if it is not served yet and returns the absolute URL that a link's token is
    /// appended to (ending in '/'). Called for every new link, so the endpoint can plan when to stop again. A
    /// <see cref="DomainException"/> is shown to the caller as it is.</summary>
    ValueTask<Uri> EnsureStartedAsync(CancellationToken cancellationToken);
}
