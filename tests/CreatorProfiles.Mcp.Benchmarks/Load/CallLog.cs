using System.Collections.Concurrent;

namespace CreatorProfiles.Mcp.Benchmarks.Load;

/// <summary>What one phase recorded, shared by its workers: latencies of completed calls, failures by kind, retries.</summary>
internal sealed class CallLog
{
    private readonly ConcurrentBag<double> _latenciesMs = [];
    private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private int _retriedOk;
    private int _retriedFailed;

    public IReadOnlyCollection<double> LatenciesMs => _latenciesMs;
    public IReadOnlyDictionary<string, int> Errors => _errors;
    public IReadOnlyDictionary<string, int> Calls => _calls;
    public int RetriedOk => _retriedOk;
    public int RetriedFailed => _retriedFailed;
    public int ErrorCount => _errors.Values.Sum();

    public void Completed(string what, double ms)
    {
        _latenciesMs.Add(ms);
        _calls.AddOrUpdate(what, 1, (_, n) => n + 1);
    }

    public void Failed(string kind) => _errors.AddOrUpdate(kind, 1, (_, n) => n + 1);

    public void Retried(bool ok) => Interlocked.Increment(ref ok ? ref _retriedOk : ref _retriedFailed);
}
