using System.Collections.Concurrent;
using System.Globalization;
using ModelContextProtocol;

namespace CreatorProfiles.Mcp.Tools;

/// <summary>
/// The bounds of subscriptions/listen: a request names at most <see cref="MaxUris"/> distinct resource URIs (counted
/// after removing duplicates; two URIs of the same profile are one), and each caller has at most
/// <see cref="MaxOpenStreamsPerCaller"/> listen streams open at once. Over either: a JSON-RPC error that names the
/// bound, before any Directus request.
/// </summary>
public sealed class ListenLimits
{
    public const int MaxUris = 100;
    public const int MaxOpenStreamsPerCaller = 5;

    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>The distinct URIs of a listen request, each profile once (in its first spelling), in request order.
    /// Stops counting past <see cref="MaxUris"/> + 1, so a huge list costs one pass and little memory.</summary>
    public static IReadOnlyList<string> Distinct(IEnumerable<string>? uris)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var distinct = new List<string>();
        foreach (var uri in uris ?? [])
        {
            if (seen.Add(ProfileResources.ProfileIdFromUri(uri) ?? uri))
            {
                distinct.Add(uri);
                if (distinct.Count > MaxUris)
                {
                    break;
                }
            }
        }

        return distinct;
    }

    /// <summary>The distinct URIs, or an InvalidParams error naming the cap when there are more.</summary>
    public static IReadOnlyList<string> DistinctWithinCap(IEnumerable<string>? uris)
    {
        var distinct = Distinct(uris);
        return distinct.Count <= MaxUris
            ? distinct
            : throw new McpProtocolException(
                $"subscriptions/listen names {(uris?.Count() ?? 0).ToString("N0", CultureInfo.InvariantCulture)} resource URIs, more than {MaxUris} distinct ones; " +
                $"at most {MaxUris} distinct URIs per listen request (and {MaxOpenStreamsPerCaller} open listen streams per caller). " +
                "Nothing was subscribed: send at most " + MaxUris + " distinct URIs.",
                McpErrorCode.InvalidParams);
    }

    /// <summary>Opens a stream for <paramref name="callerId"/>, or throws an error naming the cap; dispose to close it.</summary>
    public IDisposable Open(string callerId)
    {
        var opened = _open.AddOrUpdate(callerId, 1, (_, n) => n + 1);
        if (opened > MaxOpenStreamsPerCaller)
        {
            Close(callerId);
            throw new McpProtocolException(
                $"Too many open subscriptions/listen streams: at most {MaxOpenStreamsPerCaller} per caller. " +
                "Cancel one (or put its URIs into another listen request) before opening a new one.",
                McpErrorCode.InvalidRequest);
        }

        return new Stream(this, callerId);
    }

    /// <summary>Streams open for <paramref name="callerId"/>; for tests and logs.</summary>
    public int OpenFor(string callerId) => _open.GetValueOrDefault(callerId);

    private void Close(string callerId)
    {
        if (_open.AddOrUpdate(callerId, 0, (_, n) => n - 1) <= 0)
        {
            _open.TryRemove(new KeyValuePair<string, int>(callerId, 0));
        }
    }

    private sealed class Stream(ListenLimits limits, string callerId) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                limits.Close(callerId);
            }
        }
    }
}
