using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CreatorProfiles.Mcp.Directus;
using CreatorProfiles.Mcp.Domain.Callers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreatorProfiles.Mcp.Domain.Credentials.Entry;

/// <summary>
/// The credential-entry links of this process, in memory. A link's token (32 random bytes, base64url) exists only in
/// the URL handed out; the store keeps its SHA-256, bound to the profile and to the caller who asked. A link works
/// until it is used once or expires. Outcomes are data (a kind, a close reason); the host words them for the page.
/// Nothing here ever holds a submitted value beyond the call that encrypts it. A submission also claims the link's
/// hash in <see cref="ISingleUseClaims"/> (Redis when replicas share state), so a link is redeemed at most once even
/// when two replicas are asked at the same moment.
/// </summary>
public sealed partial class CredentialsEntryLinkStore(
    CredentialsService credentials,
    ISingleUseClaims claims,
    IOptions<CredentialsEntryOptions> options,
    TimeProvider clock,
    ILogger<CredentialsEntryLinkStore> logger)
{
    /// <summary>Length of a token in the URL: 32 bytes in unpadded base64url.</summary>
    public const int TokenLength = 43;

    private readonly CredentialsEntryOptions _options = options.Value;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Link> _byTokenHash = new(StringComparer.Ordinal);

    /// <summary>Creates a link for <paramref name="target"/> on behalf of <paramref name="caller"/>. An open link for
    /// the same profile and caller is cancelled: only the newest one works.</summary>
    /// <exception cref="DomainException">The caller has too many links open.</exception>
    public CredentialsEntryTicket Create(CredentialsEntryTarget target, Caller caller)
    {
        var token = NewToken();
        var now = clock.GetUtcNow();
        var expires = now + _options.Ttl;
        expires = expires.AddTicks(-(expires.Ticks % TimeSpan.TicksPerSecond)); // whole seconds: the page, the tool and the store agree
        var link = new Link(NewLinkId(), target, caller, now, expires);
        lock (_lock)
        {
            Sweep(now);
            foreach (var older in _byTokenHash.Values.Where(l => l.IsOpen && l.Target.ProfileId == target.ProfileId && l.Caller == caller))
            {
                Close(older, CredentialsEntryCloseReason.Replaced, now);
            }

            if (_byTokenHash.Values.Count(l => l.IsOpen && l.Caller.UserId == caller.UserId) >= _options.MaxOpenLinksPerCaller)
            {
                throw new DomainException($"You have {_options.MaxOpenLinksPerCaller} credential-entry links open already; use them or wait until " +
                    $"they expire (they last {Describe(_options.Ttl)}). A new link for the same profile replaces the older one.");
            }

            _byTokenHash.Add(Hash(token), link);
        }

        logger.LogInformation("Credentials entry link {LinkId} created for profile {ProfileId}, expires {ExpiresAt:HH:mm:ss} UTC",
            link.Id, target.ProfileId, link.ExpiresAt);
        return new CredentialsEntryTicket(link.Id, token, link.ExpiresAt);
    }

    /// <summary>What the page shows for <paramref name="token"/>: the form while the link is open, else why not.</summary>
    public CredentialsEntryOutcome Open(string? token)
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            Sweep(now);
            if (Find(token) is not { } link)
            {
                return NotFound;
            }

            return link.IsOpen ? Outcome(link, CredentialsEntryResult.Open) : Gone(link);
        }
    }

    /// <summary>Cancels an open link (the user declined to open it, or the page could not be served).</summary>
    public bool Cancel(string linkId, CredentialsEntryCloseReason reason)
    {
        lock (_lock)
        {
            if (_byTokenHash.Values.FirstOrDefault(l => l.Id == linkId) is { IsOpen: true } link)
            {
                Close(link, reason, clock.GetUtcNow());
                return true;
            }

            return false;
        }
    }

    /// <summary>Completes with the stored field names when the link's form is submitted successfully; cancelled when the
    /// link closes any other way (expiry is noticed at the next use of the store or the endpoint's idle check).</summary>
    public Task<IReadOnlyList<string>> WhenStoredAsync(string linkId)
    {
        lock (_lock)
        {
            return _byTokenHash.Values.FirstOrDefault(l => l.Id == linkId)?.Stored.Task ?? Task.FromCanceled<IReadOnlyList<string>>(new CancellationToken(true));
        }
    }

    /// <summary>
    /// Until when the page must be served: while a link is open, until it expires, and after a link closed, for
    /// <see cref="CredentialsEntryOptions.Linger"/> more so that a second submit or a reload is told "used" or
    /// "expired" (410) rather than finding no server. Null when no link needs it: the endpoint can stop.
    /// </summary>
    public DateTimeOffset? KeepServingUntil()
    {
        lock (_lock)
        {
            Sweep(clock.GetUtcNow());
            return _byTokenHash.Count == 0 ? null : _byTokenHash.Values.Max(KeepUntil);
        }
    }

    /// <summary>Links still open (not used, expired or cancelled).</summary>
    public int OpenLinks
    {
        get
        {
            lock (_lock)
            {
                Sweep(clock.GetUtcNow());
                return _byTokenHash.Values.Count(l => l.IsOpen);
            }
        }
    }

    private static readonly CredentialsEntryOutcome NotFound = new(CredentialsEntryResult.NotFound, null, null);

    private Link? Find(string? token) =>
        token is { Length: TokenLength } && token.All(IsBase64UrlChar) && _byTokenHash.TryGetValue(Hash(token), out var link) ? link : null;

    private static CredentialsEntryOutcome Outcome(Link link, CredentialsEntryResult kind, string? detail = null) =>
        new(kind, link.Target, link.ExpiresAt, Detail: detail) { OwnerId = link.Caller.UserId };

    private static CredentialsEntryOutcome Gone(Link link) =>
        new(CredentialsEntryResult.Gone, link.Target, link.ExpiresAt, link.CloseReason) { OwnerId = link.Caller.UserId };

    private void Close(Link link, CredentialsEntryCloseReason reason, DateTimeOffset at, IReadOnlyList<string>? storedFields = null)
    {
        link.State = LinkState.Closed;
        link.CloseReason = reason;
        link.ClosedAt = at;
        if (storedFields is not null)
        {
            link.Stored.TrySetResult(storedFields);
        }
        else
        {
            link.Stored.TrySetCanceled();
            logger.LogInformation("Credentials entry link {LinkId} closed: {Reason}", link.Id, reason.ToString().ToLowerInvariant());
        }
    }

    /// <summary>Expires open links whose time is up and forgets links past their lingering time.</summary>
    private void Sweep(DateTimeOffset now)
    {
        foreach (var link in _byTokenHash.Values.Where(l => l.State == LinkState.Pending && now >= l.ExpiresAt).ToList())
        {
            Close(link, CredentialsEntryCloseReason.Expired, link.ExpiresAt);
        }

        foreach (var (hash, _) in _byTokenHash.Where(p => KeepUntil(p.Value) <= now).ToList())
        {
            _byTokenHash.Remove(hash);
        }
    }

    private DateTimeOffset KeepUntil(Link link) => (link.ClosedAt ?? link.ExpiresAt) + _options.Linger;

    private static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static string NewLinkId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    internal static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    private static bool IsBase64UrlChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    private static string Describe(TimeSpan span) => span.TotalMinutes >= 1
        ? $"{span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} minutes"
        : $"{span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} seconds";

    private enum LinkState { Pending, Submitting, Closed }

    private sealed class Link(string id, CredentialsEntryTarget target, Caller caller, DateTimeOffset createdAt, DateTimeOffset expiresAt)
    {
        public string Id { get; } = id;
        public CredentialsEntryTarget Target { get; } = target;
        public Caller Caller { get; } = caller;
        public DateTimeOffset CreatedAt { get; } = createdAt;
        public DateTimeOffset ExpiresAt { get; } = expiresAt;
        public LinkState State { get; set; } = LinkState.Pending;
        public CredentialsEntryCloseReason? CloseReason { get; set; }
        public DateTimeOffset? ClosedAt { get; set; }
        public int FailedSubmissions { get; set; }
        public TaskCompletionSource<IReadOnlyList<string>> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsOpen => State == LinkState.Pending;
    }
}
