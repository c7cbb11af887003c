namespace CreatorProfiles.Mcp.Domain.Callers;

/// <summary>
/// The answers of a lookup that costs Directus requests, by key: a found answer is kept for one time, a "none" for
/// another, both in bounded LRU caches; concurrent askers of one key share one lookup, which is cancelled only when
/// every asker has given up (and then nothing is remembered). A failed lookup is remembered by nobody: the next asker
/// tries again. The callers' token cache and the OAuth subject cache both work this way.
/// </summary>
internal sealed class SingleFlightLookups<TValue>(TimeProvider time, TimeSpan foundFor, TimeSpan noneFor, int capacity)
    where TValue : class
{
    private readonly Lock _gate = new();
    private readonly LruCache<TValue> _found = new(capacity);
    private readonly LruCache<bool> _none = new(capacity);
    private readonly Dictionary<string, Flight> _flights = new(StringComparer.Ordinal);

    /// <summary>What the caches know of <paramref name="key"/>, without looking it up.</summary>
    public CachedAnswer Peek(string key)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_found.TryGet(key, now, out _, out var fresh))
            {
                return fresh ? CachedAnswer.Found : CachedAnswer.FoundBefore;
            }

            return _none.TryGet(key, now, out _, out var none) && none ? CachedAnswer.None : CachedAnswer.Unknown;
        }
    }

    /// <summary>The cached answer for <paramref name="key"/>, or the answer of <paramref name="lookUp"/>, shared with
    /// every concurrent asker of the same key. The lookup's exceptions reach every asker.</summary>
    public async ValueTask<TValue?> GetAsync(string key, Func<CancellationToken, Task<TValue?>> lookUp, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Flight? flight;
        var started = false;
        lock (_gate)
        {
            if (_found.TryGet(key, now, out var cached, out var fresh) && fresh)
            {
                return cached;
            }

            if (_none.TryGet(key, now, out _, out var none) && none)
            {
                return null;
            }

            if (!_flights.TryGetValue(key, out flight))
            {
                flight = new Flight();
                _flights[key] = flight;
                started = true;
            }

            flight.Waiters++;
        }

        if (started)
        {
            _ = RunAsync(key, lookUp, flight);
        }

        try
        {
            return await flight.Answer.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            var abandoned = false;
            lock (_gate)
            {
                if (--flight.Waiters == 0 && !flight.Answer.Task.IsCompleted)
                {
                    // Nobody waits any more: stop asking, and let the next asker of this key start afresh.
                    Forget(key, flight);
                    abandoned = true;
                }
            }

            if (abandoned)
            {
                await flight.Cancellation.CancelAsync();
            }
        }
    }

    private async Task RunAsync(string key, Func<CancellationToken, Task<TValue?>> lookUp, Flight flight)
    {
        try
        {
            var answer = await lookUp(flight.Cancellation.Token);
            var now = time.GetUtcNow();
            lock (_gate)
            {
                Forget(key, flight);
                if (answer is null)
                {
                    _found.Remove(key);
                    _none.Set(key, true, now + noneFor);
                }
                else
                {
                    _none.Remove(key);
                    _found.Set(key, answer, now + foundFor);
                }
            }

            flight.Answer.TrySetResult(answer);
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                Forget(key, flight);
            }

            if (e is OperationCanceledException && flight.Cancellation.IsCancellationRequested)
            {
                flight.Answer.TrySetCanceled(flight.Cancellation.Token);
            }
            else
            {
                flight.Answer.TrySetException(e);
            }
        }
    }

    private void Forget(string key, Flight flight)
    {
        if (_flights.TryGetValue(key, out var current) && current == flight)
        {
            _flights.Remove(key);
        }
    }

    private sealed class Flight
    {
        public TaskCompletionSource<TValue?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // Not disposed: it has no timer and no linked token, so the garbage collector is enough.
        public CancellationTokenSource Cancellation { get; } = new();

        public int Waiters { get; set; }
    }
}

/// <summary>What <see cref="SingleFlightLookups{TValue}"/> knows of a key without asking.</summary>
internal enum CachedAnswer
{
    Unknown,
    Found,
    FoundBefore,
    None,
}
