using System.Globalization;
using System.Text;

namespace CreatorProfiles.Mcp.SharedState;

/// <summary>Reads RESP2 replies from a stream: simple strings and bulk strings as string, integers as long, nil as
/// null, errors as <see cref="RespError"/>, arrays as object?[].</summary>
internal sealed class RespReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    public async Task<object?> ReadAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        var body = line[1..];
        switch (line[0])
        {
            case '+':
                return body;
            case '-':
                return new RespError(body);
            case ':':
                return long.Parse(body, CultureInfo.InvariantCulture);
            case '$':
                var length = int.Parse(body, CultureInfo.InvariantCulture);
                return length < 0 ? null : Encoding.UTF8.GetString(await ReadExactAsync(length + 2, cancellationToken), 0, length);
            case '*':
                var count = int.Parse(body, CultureInfo.InvariantCulture);
                if (count < 0)
                {
                    return null;
                }

                var items = new object?[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = await ReadAsync(cancellationToken);
                }

                return items;
            default:
                throw new RedisUnavailableException("unexpected reply");
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken);
            }

            var b = _buffer[_start++];
            if (b == '\n' && line.Count > 0 && line[^1] == '\r')
            {
                return Encoding.UTF8.GetString(line.ToArray(), 0, line.Count - 1);
            }

            line.Add(b);
        }
    }

    private async Task<byte[]> ReadExactAsync(int count, CancellationToken cancellationToken)
    {
        var bytes = new byte[count];
        for (var copied = 0; copied < count;)
        {
            if (_start == _end)
            {
                await FillAsync(cancellationToken);
            }

            var take = Math.Min(count - copied, _end - _start);
            Array.Copy(_buffer, _start, bytes, copied, take);
            _start += take;
            copied += take;
        }

        return bytes;
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await stream.ReadAsync(_buffer, cancellationToken);
        if (_end == 0)
        {
            throw new IOException("Redis closed the connection");
        }
    }
}

internal sealed record RespError(string Message);
