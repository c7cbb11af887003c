using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CreatorProfiles.Mcp.Domain.Callers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreatorProfiles.Mcp.Domain.Credentials.Entry;

/// <summary>
/// Credential-entry links. A link's token (32 random bytes, base64url) exists only in the URL handed out; the
/// records (<see cref="ICredentialsEntryLinkRecords"/>: this process, or Redis shared by the replicas) keep its
/// SHA-256, bound to the profile and to the caller who asked. A link works until it is used once or expires; with
/// shared records that holds across replicas, and so do replacement, the per-caller cap and the attempt count.
/// Outcomes are data (a kind, a close reason); the host words them for the page. Nothing here ever holds a submitted
/// value beyond the call that encrypts it.
/// </summary>
public sealed partial class CredentialsEntryLinkStore(
    CredentialsService credentials,
    ICredentialsEntryLinkRecords records,
    IOptions<CredentialsEntryOptions> options,
    TimeProvider clock,
    ILogger<CredentialsEntryLinkStore> logger)
{
    /// <summary>Length of a token in the URL: 32 bytes in unpadded base64url.</summary>
    public const int TokenLength = 43;

    private readonly CredentialsEntryOptions _options = options.Value;

    /// <summary>Creates a link for <paramref name="target"/> on behalf of <paramref name="caller"/>. An open link for
    /// the same profile and caller is cancelled: only the newest one works.</summary>
    /// <exception cref="DomainException">The caller has too many links open, or the shared records are unavailable.</exception>
    public async Task<CredentialsEntryTicket> CreateAsync(CredentialsEntryTarget target, Caller caller, CancellationToken cancellationToken)
    {
        var token = NewToken();
        var now = clock.GetUtcNow();
        var expires = now + _options.Ttl;
        expires = expires.AddTicks(-(expires.Ticks % TimeSpan.TicksPerSecond)); // whole seconds: the page, the tool and the store agree
        var link = new CredentialsEntryLinkRecord(NewLinkId(), target, caller, expires);
        var hash = Hash(token);
        if (!await records.TryAddAsync(hash, link, _options.MaxOpenLinksPerCaller, now, _options.Linger, cancellationToken))
        {
            throw new DomainException($"You have {_options.MaxOpenLinksPerCaller} credential-entry links open already; use them or wait until " +
                $"they expire (they last {Describe(_options.Ttl)}). A new link for the same profile replaces the older one.");
        }

        Track(hash, link, now);
        logger.LogInformation("Credentials entry link {LinkId} created for profile {ProfileId}, expires {ExpiresAt:HH:mm:ss} UTC",
            link.Id, target.ProfileId, link.ExpiresAt);
        return new CredentialsEntryTicket(link.Id, token, link.ExpiresAt);
    }

    /// <summary>What the page shows for <paramref name="token"/>: the form while the link is open, else why not.</summary>
    public async Task<CredentialsEntryOutcome> OpenAsync(string? token, CancellationToken cancellationToken)
    {
        if (await FindAsync(token, cancellationToken) is not { } found)
        {
            return NotFound;
        }

        return found.Link.IsOpen ? Outcome(found.Link, CredentialsEntryResult.Open) : Gone(found.Link);
    }

    /// <summary>Cancels an open link (the user declined to open it, or the page could not be served), whichever replica
    /// minted it.</summary>
    public async Task<bool> CancelAsync(string linkId, CredentialsEntryCloseReason reason, CancellationToken cancellationToken)
    {
        var hash = MintedHere(linkId) ?? await records.FindHashAsync(linkId, cancellationToken);
        return hash is not null && await CloseAsync(hash, CredentialsEntryLinkState.Pending, reason, null, cancellationToken) is { Changed: true };
    }

    private static readonly CredentialsEntryOutcome NotFound = new(CredentialsEntryResult.NotFound, null, null);

    /// <summary>The link of a well-formed token, as of now, or null.</summary>
    private async Task<(string Hash, CredentialsEntryLinkRecord Link)?> FindAsync(string? token, CancellationToken cancellationToken)
    {
        if (token is not { Length: TokenLength } || !token.All(IsBase64UrlChar))
        {
            return null;
        }

        var hash = Hash(token);
        return await records.GetAsync(hash, cancellationToken) is { } link ? (hash, Observe(hash, link)) : null;
    }

    /// <summary>Closes the link when it is in state <paramref name="from"/>; the record as it is now, as of now.</summary>
    private async Task<(bool Changed, CredentialsEntryLinkRecord? Current)> CloseAsync(
        string hash, CredentialsEntryLinkState from, CredentialsEntryCloseReason reason, IReadOnlyList<string>? storedFields, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var closed = new CredentialsEntryLinkChange(CredentialsEntryLinkState.Closed, reason, now, storedFields);
        var (changed, current) = await records.ChangeStateAsync(hash, from, closed, now + _options.Linger, cancellationToken);
        if (changed && reason != CredentialsEntryCloseReason.Stored)
        {
            logger.LogInformation("Credentials entry link {LinkId} closed: {Reason}", current!.Id, reason.ToString().ToLowerInvariant());
        }

        return (changed, current is null ? null : Observe(hash, current));
    }

    private static CredentialsEntryOutcome Outcome(CredentialsEntryLinkRecord link, CredentialsEntryResult kind, string? detail = null) =>
        new(kind, link.Target, link.ExpiresAt, Detail: detail) { OwnerId = link.Caller.UserId };

    private static CredentialsEntryOutcome Gone(CredentialsEntryLinkRecord link) =>
        new(CredentialsEntryResult.Gone, link.Target, link.ExpiresAt, link.CloseReason) { OwnerId = link.Caller.UserId };

    private DateTimeOffset KeepUntil(CredentialsEntryLinkRecord link) => (link.ClosedAt ?? link.ExpiresAt) + _options.Linger;

    private static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static string NewLinkId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    internal static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    private static bool IsBase64UrlChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    private static string Describe(TimeSpan span) => span.TotalMinutes >= 1
        ? $"{span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} minutes"
        : $"{span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} seconds";
}
