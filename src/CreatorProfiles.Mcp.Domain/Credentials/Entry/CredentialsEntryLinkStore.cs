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
/// until it is used once or expires; the page's per-render CSRF tokens are kept as hashes too. Nothing here ever
/// holds a submitted value beyond the call that encrypts it.
/// </summary>
public sealed class CredentialsEntryLinkStore(
    CredentialsService credentials,
    IOptions<CredentialsEntryOptions> options,
    TimeProvider clock,
    ILogger<CredentialsEntryLinkStore> logger)
{
    /// <summary>Length of a token in the URL: 32 bytes in unpadded base64url.</summary>
    public const int TokenLength = 43;

    private const int CsrfTokensKept = 5;

    private readonly CredentialsEntryOptions _options = options.Value;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Link> _byTokenHash = new(StringComparer.Ordinal);

    /// <summary>Creates a link for <paramref name="target"/> on behalf of <paramref name="caller"/>. An open link for
    /// the same profile and caller is cancelled: only the newest one works.</summary>
    /// <exception cref="DomainException">Too many links are open.</exception>
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

            if (_byTokenHash.Values.Count(l => l.IsOpen) >= _options.MaxOpenLinks)
            {
                throw new DomainException($"{_options.MaxOpenLinks} credential-entry links are open already; wait until some are used or expire " +
                    $"(they last {Describe(_options.Ttl)}).");
            }

            _byTokenHash.Add(Hash(token), link);
        }

        logger.LogInformation("Credentials entry link {LinkId} created for profile {ProfileId}, expires {ExpiresAt:HH:mm:ss} UTC",
            link.Id, target.ProfileId, link.ExpiresAt);
        return new CredentialsEntryTicket(link.Id, token, link.ExpiresAt);
    }

    /// <summary>What the page shows for <paramref name="token"/>: the form while the link is open, else why not. The
    /// form's CSRF token is <paramref name="csrfToken"/> when this link issued it (the browser's cookie from an earlier
    /// render, so that two tabs or a reload keep working), else a fresh one.</summary>
    public CredentialsEntryOutcome Open(string? token, string? csrfToken = null)
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            Sweep(now);
            if (Find(token) is not { } link)
            {
                return NotFound;
            }

            return link.IsOpen ? OpenForm(link, message: null, csrfToken) : Gone(link);
        }
    }

    /// <summary>
    /// A submission of the page's form. In order: unknown or closed links are answered as such; the CSRF token must
    /// be one this link's page was rendered with; the form must have made sense (<see cref="CredentialsEntryForm.Problem"/>);
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
                return new CredentialsEntryOutcome(CredentialsEntryResult.Busy, link.Target, link.ExpiresAt,
                    Message: "This link is being submitted right now (from another tab?). Wait a moment and reload it.");
            }

            if (!link.IsOpen)
            {
                return Gone(link);
            }

            if (!link.HasCsrfToken(form.CsrfToken))
            {
                logger.LogWarning("Credentials entry link {LinkId}: a submission failed the CSRF check", link.Id);
                return Refused(link, CredentialsEntryResult.Forbidden,
                    "This form could not be verified (it may be stale, or it did not come from this page). Nothing was stored. Open the link again and retry.", now);
            }

            if (form.Problem is not null)
            {
                return Refused(link, CredentialsEntryResult.Invalid, form.Problem + " Nothing was stored.", now, form.CsrfToken);
            }

            link.State = LinkState.Submitting;
        }

        SetProfileCredentialsResult stored;
        try
        {
            stored = await credentials.SetProfileCredentialsAsync(link.Caller, link.Target.ProfileId, form.Credentials, cancellationToken);
        }
        catch (InvalidArgumentException e)
        {
            lock (_lock)
            {
                link.State = LinkState.Pending;
                return Refused(link, CredentialsEntryResult.Invalid, $"The values were refused: {e.Message} Nothing was stored.", clock.GetUtcNow(), form.CsrfToken);
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
            lock (_lock)
            {
                link.State = LinkState.Pending;
                var message = e is DomainException ? e.Message : "The server could not store them right now.";
                return OpenForm(link, $"{message} Nothing was stored; try again in a moment.", form.CsrfToken) with { Kind = CredentialsEntryResult.Unavailable };
            }
        }

        lock (_lock)
        {
            Close(link, CredentialsEntryCloseReason.Stored, clock.GetUtcNow(), stored.Fields);
        }

        logger.LogInformation("Credentials entry link {LinkId}: stored fields {Fields} for profile {ProfileId} (format v1, key {KeyFingerprint}); the link is closed",
            link.Id, string.Join(", ", stored.Fields), link.Target.ProfileId, stored.KeyFingerprint);
        return new CredentialsEntryOutcome(CredentialsEntryResult.Stored, link.Target, link.ExpiresAt, StoredFields: stored.Fields);
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

    private static readonly CredentialsEntryOutcome NotFound = new(CredentialsEntryResult.NotFound, null, null,
        Message: "This link is not valid. It may be mistyped, or it was used or expired a while ago. Ask the assistant for a new link.");

    private Link? Find(string? token) =>
        token is { Length: TokenLength } && token.All(IsBase64UrlChar) && _byTokenHash.TryGetValue(Hash(token), out var link) ? link : null;

    private static CredentialsEntryOutcome OpenForm(Link link, string? message, string? knownCsrfToken = null)
    {
        var csrf = knownCsrfToken is not null && link.HasCsrfToken(knownCsrfToken) ? knownCsrfToken : NewToken();
        link.AddCsrfToken(csrf);
        return new CredentialsEntryOutcome(CredentialsEntryResult.Open, link.Target, link.ExpiresAt, csrf, Message: message);
    }

    private CredentialsEntryOutcome Refused(Link link, CredentialsEntryResult kind, string message, DateTimeOffset now, string? csrfToken = null)
    {
        link.FailedSubmissions++;
        if (link.FailedSubmissions >= _options.MaxFailedSubmissions)
        {
            Close(link, CredentialsEntryCloseReason.TooManyAttempts, now);
            return Gone(link);
        }

        return kind == CredentialsEntryResult.Forbidden
            ? new CredentialsEntryOutcome(kind, link.Target, link.ExpiresAt, Message: message)
            : OpenForm(link, message, csrfToken) with { Kind = kind };
    }

    private static CredentialsEntryOutcome Gone(Link link) => new(CredentialsEntryResult.Gone, link.Target, link.ExpiresAt, Message: link.CloseReason switch
    {
        CredentialsEntryCloseReason.Stored => "This link has been used: the credentials were stored, and it cannot be used again. To change them, ask the assistant for a new link.",
        CredentialsEntryCloseReason.Expired => "This link has expired. Nothing was stored through it. Ask the assistant for a new link.",
        CredentialsEntryCloseReason.Replaced => "This link was replaced by a newer one for the same profile. Nothing was stored through it; use the newest link.",
        CredentialsEntryCloseReason.Declined => "This link was cancelled when opening it was declined. Nothing was stored through it. Ask the assistant for a new link.",
        CredentialsEntryCloseReason.TooManyAttempts => "This link was cancelled after too many refused submissions. Nothing was stored through it. Ask the assistant for a new link.",
        CredentialsEntryCloseReason.ProfileUnavailable => "The profile no longer exists or is no longer yours. Nothing was stored, and this link is closed.",
        _ => "This link is closed. Nothing was stored through it. Ask the assistant for a new link.",
    });

    private void Close(Link link, CredentialsEntryCloseReason reason, DateTimeOffset at, IReadOnlyList<string>? storedFields = null)
    {
        link.State = LinkState.Closed;
        link.CloseReason = reason;
        link.ClosedAt = at;
        link.ForgetCsrfTokens();
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
        private readonly List<byte[]> _csrfHashes = [];

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

        public void AddCsrfToken(string token)
        {
            var hash = SHA256.HashData(Encoding.ASCII.GetBytes(token));
            _csrfHashes.RemoveAll(known => known.AsSpan().SequenceEqual(hash));
            _csrfHashes.Add(hash);
            if (_csrfHashes.Count > CsrfTokensKept)
            {
                _csrfHashes.RemoveAt(0); // a page rendered long ago (many reloads back) no longer submits
            }
        }

        public bool HasCsrfToken(string? token)
        {
            if (string.IsNullOrEmpty(token) || token.Length > 128)
            {
                return false;
            }

            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
            var found = false;
            foreach (var known in _csrfHashes)
            {
                found |= CryptographicOperations.FixedTimeEquals(known, hash);
            }

            return found;
        }

        public void ForgetCsrfTokens() => _csrfHashes.Clear();
    }
}

/// <summary>The profile a link is for, as the page shows it: never a stored value, only whether one exists.</summary>
public sealed record CredentialsEntryTarget(string ProfileId, string Platform, string Username, bool HasCredentials);

/// <summary>A new link: <see cref="Token"/> goes into the URL and nowhere else (not into logs, not into the store).</summary>
public sealed record CredentialsEntryTicket(string LinkId, string Token, DateTimeOffset ExpiresAt);

/// <summary>A submitted form: the CSRF token from its hidden field, the credentials it carried (field name to value;
/// empty fields left out), and <see cref="Problem"/> when the form itself made no sense (e.g. no password).</summary>
public sealed record CredentialsEntryForm(string? CsrfToken, IReadOnlyDictionary<string, string?> Credentials, string? Problem = null);

public enum CredentialsEntryResult
{
    /// <summary>Show the form (with <see cref="CredentialsEntryOutcome.CsrfToken"/>).</summary>
    Open,
    /// <summary>Stored; the link is closed.</summary>
    Stored,
    /// <summary>No such link (or forgotten).</summary>
    NotFound,
    /// <summary>Used, expired or cancelled.</summary>
    Gone,
    /// <summary>The CSRF check failed; nothing stored.</summary>
    Forbidden,
    /// <summary>The form or its values were refused; show the form again with the message.</summary>
    Invalid,
    /// <summary>Another submission of this link is being stored.</summary>
    Busy,
    /// <summary>Storing failed (Directus unavailable...); the link stays open; show the form again with the message.</summary>
    Unavailable,
}

public enum CredentialsEntryCloseReason { Stored, Expired, Replaced, Declined, TooManyAttempts, ProfileUnavailable, Failed }

/// <summary>What to answer for a page request. <see cref="Message"/> is for the human at the page and never holds a
/// submitted value; <see cref="StoredFields"/> are field names only.</summary>
public sealed record CredentialsEntryOutcome(
    CredentialsEntryResult Kind,
    CredentialsEntryTarget? Target,
    DateTimeOffset? ExpiresAt,
    string? CsrfToken = null,
    IReadOnlyList<string>? StoredFields = null,
    string? Message = null);
