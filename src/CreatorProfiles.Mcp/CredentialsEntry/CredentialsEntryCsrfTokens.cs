using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace CreatorProfiles.Mcp.CredentialsEntry;

/// <summary>
/// The entry page's per-render CSRF tokens (32 random bytes, base64url), kept as SHA-256 hashes per link, keyed by
/// the hash of the link's token. A link keeps its last <see cref="KeptPerLink"/> tokens, so that two tabs or a reload
/// keep working while a page rendered many reloads back no longer submits. Tokens are forgotten when the link is seen
/// closed or once it has expired. This process's own; <see cref="SharedState.RedisCredentialsEntryCsrfTokens"/> when
/// replicas share state, so that a form rendered by one replica submits through another.
/// </summary>
internal sealed class CredentialsEntryCsrfTokens(TimeProvider clock) : ICredentialsEntryCsrfTokens
{
    public const int KeptPerLink = 5;

    private const int MaxTokenLength = 128;

    private readonly Lock _lock = new();

    public Task<string> IssueAsync(string linkToken, string? known, DateTimeOffset linkExpiresAt, CancellationToken cancellationToken) =>
        Task.FromResult(Issue(linkToken, known, linkExpiresAt));

    public Task<bool> IsIssuedAsync(string linkToken, string? csrfToken, CancellationToken cancellationToken) => Task.FromResult(IsIssued(linkToken, csrfToken));

    public Task ForgetAsync(string linkToken, CancellationToken cancellationToken)
    {
        Forget(linkToken);
        return Task.CompletedTask;
    }
    private readonly Dictionary<string, Issued> _byLink = new(StringComparer.Ordinal);

    /// <summary>The token for a new render of <paramref name="linkToken"/>'s form: <paramref name="known"/> when it
    /// was issued for this link (the browser's cookie from an earlier render), else a fresh one.</summary>
    public string Issue(string linkToken, string? known, DateTimeOffset linkExpiresAt)
    {
        lock (_lock)
        {
            Sweep();
            var key = Key(linkToken);
            if (!_byLink.TryGetValue(key, out var issued))
            {
                issued = new Issued(linkExpiresAt);
                _byLink.Add(key, issued);
            }

            var token = known is not null && issued.Has(known) ? known : NewToken();
            issued.Add(token);
            return token;
        }
    }

    /// <summary>Whether <paramref name="csrfToken"/> is one of the tokens <paramref name="linkToken"/>'s page was
    /// rendered with (compared in constant time).</summary>
    public bool IsIssued(string linkToken, string? csrfToken)
    {
        lock (_lock)
        {
            Sweep();
            return _byLink.TryGetValue(Key(linkToken), out var issued) && issued.Has(csrfToken);
        }
    }

    /// <summary>Forgets the tokens of a link that no longer takes submissions.</summary>
    public void Forget(string linkToken)
    {
        lock (_lock)
        {
            _byLink.Remove(Key(linkToken));
        }
    }

    /// <summary>Links with tokens kept (for tests).</summary>
    public int Links
    {
        get
        {
            lock (_lock)
            {
                Sweep();
                return _byLink.Count;
            }
        }
    }

    private void Sweep()
    {
        var now = clock.GetUtcNow();
        foreach (var (key, _) in _byLink.Where(p => p.Value.ExpiresAt <= now).ToList())
        {
            _byLink.Remove(key);
        }
    }

    internal static string Key(string linkToken) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(linkToken)));

    internal static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The SHA-256 of a token as kept, or null for one that cannot have been issued (empty, too long).</summary>
    internal static byte[]? HashOf(string? token) =>
        string.IsNullOrEmpty(token) || token.Length > MaxTokenLength ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Whether <paramref name="hash"/> is one of <paramref name="kept"/>, in time that does not depend on which.</summary>
    internal static bool AnyEquals(IEnumerable<byte[]> kept, byte[]? hash)
    {
        var found = false;
        foreach (var known in kept)
        {
            found |= hash is not null && CryptographicOperations.FixedTimeEquals(known, hash);
        }

        return found;
    }

    private sealed class Issued(DateTimeOffset expiresAt)
    {
        private readonly List<byte[]> _hashes = [];

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public void Add(string token)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
            _hashes.RemoveAll(known => known.AsSpan().SequenceEqual(hash));
            _hashes.Add(hash);
            if (_hashes.Count > KeptPerLink)
            {
                _hashes.RemoveAt(0);
            }
        }

        public bool Has(string? token) => AnyEquals(_hashes, HashOf(token));
    }
}
