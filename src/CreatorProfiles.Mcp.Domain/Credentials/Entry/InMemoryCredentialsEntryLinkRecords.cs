namespace CreatorProfiles.Mcp.Domain.Credentials.Entry;

/// <summary>The links of this process alone (one replica, or no REDIS_URL).</summary>
public sealed class InMemoryCredentialsEntryLinkRecords(TimeProvider clock) : ICredentialsEntryLinkRecords
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (CredentialsEntryLinkRecord Record, DateTimeOffset KeepUntil)> _byHash = new(StringComparer.Ordinal);

    public Task<bool> TryAddAsync(string hash, CredentialsEntryLinkRecord record, int maxOpenPerCaller, DateTimeOffset now, TimeSpan linger, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Sweep();
            var open = 0;
            foreach (var (key, (older, _)) in _byHash.Where(p => p.Value.Record.Caller.UserId == record.Caller.UserId && p.Value.Record.AsOf(now).IsOpen).ToList())
            {
                if (older.IsSameRequestAs(record))
                {
                    _byHash[key] = (older with { State = CredentialsEntryLinkState.Closed, CloseReason = CredentialsEntryCloseReason.Replaced, ClosedAt = now }, now + linger);
                }
                else
                {
                    open++;
                }
            }

            if (open >= maxOpenPerCaller)
            {
                return Task.FromResult(false);
            }

            _byHash.Add(hash, (record, record.ExpiresAt + linger));
            return Task.FromResult(true);
        }
    }

    public Task<CredentialsEntryLinkRecord?> GetAsync(string hash, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Sweep();
            return Task.FromResult(_byHash.TryGetValue(hash, out var entry) ? entry.Record : null);
        }
    }

    public Task<(bool Changed, CredentialsEntryLinkRecord? Current)> ChangeStateAsync(
        string hash, CredentialsEntryLinkState from, CredentialsEntryLinkChange change, DateTimeOffset keepUntil, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Sweep();
            if (!_byHash.TryGetValue(hash, out var entry) || entry.Record.State != from)
            {
                return Task.FromResult((false, (CredentialsEntryLinkRecord?)entry.Record));
            }

            var changed = entry.Record with { State = change.State, CloseReason = change.CloseReason, ClosedAt = change.ClosedAt, StoredFields = change.StoredFields };
            _byHash[hash] = (changed, keepUntil);
            return Task.FromResult((true, (CredentialsEntryLinkRecord?)changed));
        }
    }

    public Task<string?> FindHashAsync(string linkId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Sweep();
            return Task.FromResult<string?>(_byHash.FirstOrDefault(p => p.Value.Record.Id == linkId).Key);
        }
    }

    public Task<int> AddFailedSubmissionAsync(string hash, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Sweep();
            if (!_byHash.TryGetValue(hash, out var entry))
            {
                return Task.FromResult(0);
            }

            var counted = entry.Record with { FailedSubmissions = entry.Record.FailedSubmissions + 1 };
            _byHash[hash] = (counted, entry.KeepUntil);
            return Task.FromResult(counted.FailedSubmissions);
        }
    }

    /// <summary>Forgets records past their keeping time, as Redis expires them.</summary>
    private void Sweep()
    {
        var now = clock.GetUtcNow();
        foreach (var hash in _byHash.Where(p => p.Value.KeepUntil <= now).Select(p => p.Key).ToList())
        {
            _byHash.Remove(hash);
        }
    }
}
