using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorProfiles.Mcp.IntegrationTests.Infrastructure;
using ModelContextProtocol;

namespace CreatorProfiles.Mcp.IntegrationTests.Fuzz;

/// <summary>The resident and peak memory of one lane's server process, in KiB.</summary>
internal sealed record LaneMemory(string Lane, long RssKiB, long PeakKiB);

/// <summary>Calls per tool, by outcome.</summary>
internal sealed class Tally
{
    public int Calls => Results + Refusals;
    public int Results { get; private set; }
    public int Refusals { get; private set; }
    public int RawLane { get; set; }

    public void Count(FuzzAnswer answer)
    {
        if (answer.IsError)
        {
            Refusals++;
        }
        else
        {
            Results++;
        }
    }
}

/// <summary>
/// The two ways a case reaches a server, each its own process with the same environment: the C# SDK client (every
/// case it can write) and raw JSON-RPC lines (cases holding a lone surrogate, which the SDK client refuses to write).
/// </summary>
internal sealed class Lanes(StdioSession session, RawStdioServer raw, int sdkPid)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    public string Alive => $"SDK lane {(ProcessStatus.KiB(sdkPid, "VmRSS") is null ? "gone" : "up")}, raw lane {(ProcessStatus.KiB(raw.ProcessId, "VmRSS") is null ? "gone" : "up")}";

    public async Task<FuzzAnswer> CallAsync(string tool, JsonObject arguments, Tally tally)
    {
        if (RawJson.HasLoneSurrogate(arguments))
        {
            tally.RawLane++;
            using var message = await raw.RequestRawAsync("tools/call", $"{{\"name\":{JsonSerializer.Serialize(tool)},\"arguments\":{RawJson.Write(arguments)}}}", CallTimeout);
            return FuzzAnswer.FromMessage(message.RootElement);
        }

        using var timeout = new CancellationTokenSource(CallTimeout);
        var values = arguments.ToDictionary(p => p.Key, p => p.Value is null ? null : (object?)JsonSerializer.SerializeToElement(p.Value));
        try
        {
            var result = await session.Client.CallToolAsync(tool, values, cancellationToken: timeout.Token);
            var cursor = result.StructuredContent is { } structured && structured.TryGetProperty("next_cursor", out var next) && next.ValueKind == JsonValueKind.String
                ? next.GetString()
                : null;
            return new FuzzAnswer(result.IsError == true, result.Text()) { NextCursor = cursor };
        }
        catch (McpProtocolException e)
        {
            return new FuzzAnswer(true, "", $"{e.ErrorCode}: {e.Message}");
        }
    }

    /// <summary>Both processes still answer: the fuzzing left them serving.</summary>
    public async Task PingBothAsync()
    {
        await session.Client.PingAsync();
        using var pong = await raw.RequestRawAsync("ping", "{}");
        Assert.True(pong.RootElement.TryGetProperty("result", out _), "the raw lane's server did not answer a ping: " + pong.RootElement.GetRawText());
    }

    public IReadOnlyList<LaneMemory> Memory() =>
        [Read("SDK lane", sdkPid), Read("raw lane", raw.ProcessId)];

    private static LaneMemory Read(string lane, int pid) =>
        new(lane, ProcessStatus.KiB(pid, "VmRSS") ?? throw new InvalidOperationException($"the {lane}'s server (pid {pid}) is gone"), ProcessStatus.KiB(pid, "VmHWM") ?? 0);
}
