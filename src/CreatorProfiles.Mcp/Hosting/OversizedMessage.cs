using System.Buffers;
using System.Text;
using System.Text.Json;

namespace CreatorProfiles.Mcp.Hosting;

/// <summary>
/// The answer to a line on stdin longer than <see cref="MaxLineBytes"/>: a JSON-RPC "invalid request" error, with the
/// request's id when the line's first bytes name it (else null, as JSON-RPC prescribes when the id cannot be read).
/// The line itself is never read further, so a huge line costs at most the cap in memory.
/// </summary>
internal static class OversizedMessage
{
    /// <summary>4 MiB: far above any request this server takes (a credentials object is at most 32 x 8 KiB).</summary>
    public const int MaxLineBytes = 4 * 1024 * 1024;

    /// <summary>How much of a line's start is kept to find its id.</summary>
    public const int PrefixBytes = 64 * 1024;

    public static byte[] ErrorLine(ReadOnlySpan<byte> prefix)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writer.WritePropertyName("id");
            writer.WriteRawValue(IdIn(prefix) ?? "null");
            writer.WriteStartObject("error");
            writer.WriteNumber("code", -32600);
            writer.WriteString("message",
                $"The message is larger than {MaxLineBytes / (1024 * 1024)} MiB, this server's limit for one line on stdin; it was not read. Send smaller requests.");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        output.Write("\n"u8);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The top-level <c>id</c> (a number or a string, as JSON text) if it appears in <paramref name="prefix"/>.</summary>
    internal static string? IdIn(ReadOnlySpan<byte> prefix)
    {
        var reader = new Utf8JsonReader(prefix, isFinalBlock: false, state: default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                if (!reader.Read())
                {
                    return null;
                }

                if (isId)
                {
                    return reader.TokenType switch
                    {
                        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                        JsonTokenType.String => $"\"{JsonEncodedText.Encode(reader.GetString()!)}\"",
                        _ => null,
                    };
                }

                if (!reader.TrySkip())
                {
                    return null; // the value runs past what was kept
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
