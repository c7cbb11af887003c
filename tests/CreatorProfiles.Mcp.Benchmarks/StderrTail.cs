using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreatorProfiles.Mcp.Benchmarks;

/// <summary>The last lines a server wrote to stderr, for error messages, and the durations its audit lines report
/// (`audit {"action":"tool:NAME", "duration_ms":...}`, one per tool call: the time spent inside the server's tool pipeline).</summary>
internal sealed class StderrTail
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<(string Action, double Ms)> _audits = new();

    public void Add(string line)
    {
        if (line.StartsWith("audit {", StringComparison.Ordinal))
        {
            try
            {
                var audit = JsonNode.Parse(line["audit ".Length..]);
                if ((string?)audit?["action"] is { } action && audit["duration_ms"] is JsonValue ms)
                {
                    _audits.Enqueue((action, ms.GetValue<double>()));
                }
            }
            catch (JsonException)
            {
                // not an audit line after all
            }

            return;
        }

        _lines.Enqueue(line);
        while (_lines.Count > 40 && _lines.TryDequeue(out _))
        {
        }
    }

    /// <summary>The audited durations (ms) of calls to <paramref name="tool"/> since the last call; others are dropped.</summary>
    public List<double> TakeAudits(string tool)
    {
        var action = "tool:" + tool;
        var taken = new List<double>();
        while (_audits.TryDequeue(out var audit))
        {
            if (audit.Action == action)
            {
                taken.Add(audit.Ms);
            }
        }

        return taken;
    }

    public override string ToString() => string.Join('\n', _lines.Select(l => "    " + Mcp.Shorten(l, 400)));
}
