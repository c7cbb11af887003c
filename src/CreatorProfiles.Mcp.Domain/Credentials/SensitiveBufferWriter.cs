using System.Buffers;
using System.Security.Cryptography;

namespace CreatorProfiles.Mcp.Domain.Credentials;

/// <summary>
/// A growable byte buffer for plaintext: its arrays are pinned (the GC never leaves moved copies behind), a
/// replaced array is zeroed when the buffer grows, and <see cref="Dispose"/> zeroes the last one.
/// </summary>
internal sealed class SensitiveBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _written;

    public SensitiveBufferWriter(int initialCapacity = 512) =>
        _buffer = GC.AllocateArray<byte>(Math.Max(initialCapacity, 16), pinned: true);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _written);
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_buffer);
        _written = 0;
    }

    private void Ensure(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= sizeHint)
        {
            return;
        }

        var size = Math.Max(checked(_written + sizeHint), checked(_buffer.Length * 2));
        var next = GC.AllocateArray<byte>(size, pinned: true);
        _buffer.AsSpan(0, _written).CopyTo(next);
        CryptographicOperations.ZeroMemory(_buffer);
        _buffer = next;
    }
}
