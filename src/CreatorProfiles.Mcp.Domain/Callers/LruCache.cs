namespace CreatorProfiles.Mcp.Domain.Callers;

/// <summary>
/// A bounded map whose entries expire: reading an entry makes it the most recently used, and adding one past the
/// capacity evicts the least recently used. Expired entries stay until evicted, so a reader can still tell "was
/// here" from "never seen" (<see cref="TryGet"/> reports both). Not thread-safe: its owner holds a lock around it.
/// </summary>
internal sealed class LruCache<TValue>(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _order = new();

    public int Count => _entries.Count;

    /// <summary>Whether <paramref name="key"/> is present; <paramref name="fresh"/> is false once it expired.</summary>
    public bool TryGet(string key, DateTimeOffset now, out TValue value, out bool fresh)
    {
        if (!_entries.TryGetValue(key, out var node))
        {
            (value, fresh) = (default!, false);
            return false;
        }

        _order.Remove(node);
        _order.AddFirst(node);
        (value, fresh) = (node.Value.Value, node.Value.Expires > now);
        return true;
    }

    public void Set(string key, TValue value, DateTimeOffset expires)
    {
        if (_entries.Remove(key, out var existing))
        {
            _order.Remove(existing);
        }
        else if (_entries.Count >= capacity && _order.Last is { } oldest)
        {
            _order.RemoveLast();
            _entries.Remove(oldest.Value.Key);
        }

        _entries[key] = _order.AddFirst(new Entry(key, value, expires));
    }

    public void Remove(string key)
    {
        if (_entries.Remove(key, out var node))
        {
            _order.Remove(node);
        }
    }

    private sealed record Entry(string Key, TValue Value, DateTimeOffset Expires);
}
