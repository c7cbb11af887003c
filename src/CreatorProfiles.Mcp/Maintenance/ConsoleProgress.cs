using System.Diagnostics;
using CreatorProfiles.Mcp.Domain.Credentials.Maintenance;

namespace CreatorProfiles.Mcp.Maintenance;

/// <summary>A bar redrawn in place when stderr is a terminal (<c>[#####.....] 12/40</c>), otherwise a line at the
/// start, about every 2 seconds, and at the end of each column.</summary>
internal sealed class ConsoleProgress(TextWriter error, bool isTerminal) : IMaintenanceProgress
{
    private const int BarWidth = 30;
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);
    private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
    private int? _total;
    private string _label = "";

    public void TargetStarted(MaintenanceTarget target, int? total)
    {
        _total = total;
        _label = target.ToString();
        Show(0, force: true);
    }

    public void RowDone(int doneInTarget) => Show(doneInTarget, force: false);

    public void TargetFinished(MaintenanceTarget target, int rows)
    {
        _total ??= rows;
        Show(rows, force: true);
        if (isTerminal)
        {
            error.WriteLine();
        }

        error.Flush();
    }

    private void Show(int done, bool force)
    {
        if (isTerminal)
        {
            if (!force && done != _total && _sinceLine.Elapsed < RedrawInterval)
            {
                return; // a redraw per row would flood a slow terminal on large tables
            }

            _sinceLine.Restart();
            var bar = _total is > 0 and var total
                ? $"[{new string('#', Math.Min(done, total) * BarWidth / total).PadRight(BarWidth, '.')}] {done}/{total}"
                : $"{done} row(s)";
            error.Write($"\r{_label,-28} {bar}");
            error.Flush();
            return;
        }

        if (force || _sinceLine.Elapsed >= LineInterval)
        {
            error.WriteLine(_total is { } t ? $"{_label}: {done}/{t} rows" : $"{_label}: {done} rows");
            _sinceLine.Restart();
        }
    }
}
