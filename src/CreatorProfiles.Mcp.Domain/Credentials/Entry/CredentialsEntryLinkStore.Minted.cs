namespace CreatorProfiles.Mcp.Domain.Credentials.Entry;

/// <summary>
/// The links this process minted (or waits on), as last seen: what the loopback endpoint's idle stop
/// (<see cref="KeepServingUntil"/>) and the completion notice (<see cref="WhenStoredAsync"/>) need. In stdio mode every
/// link is minted and submitted here, so this is exact. In HTTP mode with shared records a link may be submitted, replaced or cancelled through
/// another replica: <see cref="WhenStoredAsync"/> re-reads the record while someone waits, and
/// <see cref="KeepServingUntil"/> and <see cref="OpenLinks"/> stay this process's view (nothing in HTTP mode stops on them).
/// </summary>
public sealed partial class CredentialsEntryLinkStore
{
    /// <summary>How often a waiter re-reads a link that may be submitted through another replica.</summary>
    public static readonly TimeSpan StoredPollInterval = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Minted> _mintedByHash = new(StringComparer.Ordinal);

    /// <summary>Completes with the stored field names when the link's form is submitted successfully, through this
    /// replica or another; cancelled when the link closes any other way or is forgotten.</summary>
    public async Task<IReadOnlyList<string>> WhenStoredAsync(string linkId)
    {
        if (MintedHere(linkId) is null && await records.FindHashAsync(linkId, CancellationToken.None) is { } hash
            && await records.GetAsync(hash, CancellationToken.None) is { } link)
        {
            lock (_lock)
            {
                _mintedByHash.TryAdd(hash, new Minted(link.AsOf(clock.GetUtcNow()))); // minted by another replica (a round trip's retry)
            }
        }

        return await WaitForStoreAsync(linkId);
    }

    private Task<IReadOnlyList<string>> WaitForStoreAsync(string linkId)
    {
        string hash;
        TaskCompletionSource<IReadOnlyList<string>> waiter;
        lock (_lock)
        {
            Sweep(clock.GetUtcNow());
            var found = _mintedByHash.FirstOrDefault(p => p.Value.Link.Id == linkId);
            if (found.Value is not { } minted)
            {
                return Task.FromCanceled<IReadOnlyList<string>>(new CancellationToken(true));
            }

            if (minted.Stored is { } existing)
            {
                return existing.Task;
            }

            (hash, waiter) = (found.Key, minted.Stored = new(TaskCreationOptions.RunContinuationsAsynchronously));
            Settle(minted);
        }

        _ = PollAsync(hash, waiter);
        return waiter.Task;
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
            return _mintedByHash.Count == 0 ? null : _mintedByHash.Values.Max(m => KeepUntil(m.Link));
        }
    }

    /// <summary>Links minted here and still open (not used, expired or cancelled) as far as this process has seen.</summary>
    public int OpenLinks
    {
        get
        {
            lock (_lock)
            {
                Sweep(clock.GetUtcNow());
                return _mintedByHash.Values.Count(m => m.Link.IsOpen);
            }
        }
    }

    private void Track(string hash, CredentialsEntryLinkRecord link, DateTimeOffset now)
    {
        lock (_lock)
        {
            Sweep(now);
            foreach (var older in _mintedByHash.Values.Where(m => m.Link.IsOpen && m.Link.IsSameRequestAs(link)))
            {
                older.Link = older.Link with { State = CredentialsEntryLinkState.Closed, CloseReason = CredentialsEntryCloseReason.Replaced, ClosedAt = now };
                Settle(older);
            }

            _mintedByHash[hash] = new Minted(link);
        }
    }

    /// <summary>Takes note of a link's record as read or changed; returns it as of now.</summary>
    private CredentialsEntryLinkRecord Observe(string hash, CredentialsEntryLinkRecord link)
    {
        var current = link.AsOf(clock.GetUtcNow());
        lock (_lock)
        {
            if (_mintedByHash.TryGetValue(hash, out var minted))
            {
                minted.Link = current;
                Settle(minted);
            }
        }

        return current;
    }

    private string? MintedHere(string linkId)
    {
        lock (_lock)
        {
            return _mintedByHash.FirstOrDefault(p => p.Value.Link.Id == linkId).Key;
        }
    }

    /// <summary>The link may be submitted through another replica: re-read it until it closes or is forgotten (at the
    /// latest its expiry plus the linger time).</summary>
    private async Task PollAsync(string hash, TaskCompletionSource<IReadOnlyList<string>> waiter)
    {
        while (!waiter.Task.IsCompleted)
        {
            await Task.Delay(StoredPollInterval, clock);
            try
            {
                if (await records.GetAsync(hash, CancellationToken.None) is { } link)
                {
                    Observe(hash, link);
                }
                else
                {
                    waiter.TrySetCanceled();
                }
            }
            catch (SharedStateUnavailableException)
            {
                // Read again next round; the link's own lifetime bounds the wait.
            }

            lock (_lock)
            {
                Sweep(clock.GetUtcNow());
            }
        }
    }

    /// <summary>Notes expiries and forgets links past their lingering time (a waiter on those is cancelled).</summary>
    private void Sweep(DateTimeOffset now)
    {
        foreach (var (hash, minted) in _mintedByHash.ToList())
        {
            minted.Link = minted.Link.AsOf(now);
            Settle(minted);
            if (KeepUntil(minted.Link) <= now)
            {
                minted.Stored?.TrySetCanceled();
                _mintedByHash.Remove(hash);
            }
        }
    }

    private static void Settle(Minted minted)
    {
        if (minted is { Link.State: CredentialsEntryLinkState.Closed, Stored: { } waiter })
        {
            if (minted.Link.StoredFields is { } fields)
            {
                waiter.TrySetResult(fields);
            }
            else
            {
                waiter.TrySetCanceled();
            }
        }
    }

    private sealed class Minted(CredentialsEntryLinkRecord link)
    {
        public CredentialsEntryLinkRecord Link { get; set; } = link;
        public TaskCompletionSource<IReadOnlyList<string>>? Stored { get; set; }
    }
}
