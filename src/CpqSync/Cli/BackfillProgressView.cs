using System.Globalization;
using CpqSync.Engine.Backfill;

namespace CpqSync.Cli;

/// <summary>
/// Shows a backfill's progress: on a terminal, one bar redrawn in place; when the output is a file or a pipe, a plain
/// line at every 5% of the orders (and when the total is first known), so a log stays short and readable.
/// </summary>
public sealed class BackfillProgressView(TextWriter output, bool terminal) : IProgress<BackfillProgress>
{
    private const int BarWidth = 30;
    private const int PlainSteps = 20;

    private readonly Lock _gate = new();
    private int _lastStep = -1;
    private int _lastTotal = -1;
    private string? _lastBar;

    public void Report(BackfillProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            if (terminal)
            {
                DrawBar(value);
            }
            else
            {
                WriteLine(value);
            }
        }
    }

    /// <summary>Ends the bar's line, so what follows starts on a line of its own.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (terminal && _lastBar is not null)
            {
                output.WriteLine();
                output.Flush();
                _lastBar = null;
            }
        }
    }

    /// <summary><c>[#########.....]  412/1000  41%  ok 400  failed 10  parked 2  37.5 orders/s</c></summary>
    public static string Bar(BackfillProgress counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var fraction = counts.Total == 0 ? 0 : Math.Min(1.0, (double)counts.Finished / counts.Total);
        var filled = (int)Math.Round(fraction * BarWidth);
        return string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {counts.Finished}/{counts.Total} {(int)(fraction * 100)}%  "
            + $"ok {counts.Succeeded}  failed {counts.Failed}  parked {counts.Parked}  {counts.OrdersPerSecond:0.0} orders/s");
    }

    public static string Line(BackfillProgress counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return string.Create(CultureInfo.InvariantCulture,
            $"backfill: {counts.Finished}/{counts.Total} orders done (ok {counts.Succeeded}, failed {counts.Failed}, parked {counts.Parked}), "
            + $"{counts.OrdersPerSecond:0.0} orders/s");
    }

    private void DrawBar(BackfillProgress value)
    {
        var bar = Bar(value);
        if (bar == _lastBar)
        {
            return;
        }

        // Pad over a longer previous bar so no stale characters remain after the carriage return.
        var padding = _lastBar is null ? 0 : Math.Max(0, _lastBar.Length - bar.Length);
        output.Write("\r" + bar + new string(' ', padding));
        output.Flush();
        _lastBar = bar;
    }

    private void WriteLine(BackfillProgress value)
    {
        var step = value.Total == 0 ? 0 : value.Finished * PlainSteps / value.Total;
        if (step <= _lastStep && value.Total == _lastTotal)
        {
            return;
        }

        (_lastStep, _lastTotal) = (step, value.Total);
        output.WriteLine(Line(value));
        output.Flush();
    }
}
