using CpqSync.Cli;
using CpqSync.Engine.Backfill;

namespace CpqSync.Tests;

/// <summary>How a backfill's progress looks on a terminal and in a log.</summary>
public sealed class BackfillProgressViewTests
{
    [Fact]
    public void On_a_terminal_one_bar_is_redrawn_in_place_and_ends_its_line()
    {
        var output = new StringWriter();
        var view = new BackfillProgressView(output, terminal: true);

        view.Report(new BackfillProgress(100, 100, 10, 0, 0, 5));
        view.Report(new BackfillProgress(100, 100, 49, 1, 0, 5));
        view.Complete();

        var text = output.ToString();
        Assert.StartsWith("\r[###", text, StringComparison.Ordinal);
        Assert.Contains("\r[###############...............] 50/100 50%  ok 49  failed 1  parked 0  5.0 orders/s", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith(Environment.NewLine, text, StringComparison.Ordinal);
    }

    [Fact]
    public void In_a_log_a_plain_line_is_written_at_each_twentieth_of_the_orders()
    {
        var output = new StringWriter();
        var view = new BackfillProgressView(output, terminal: false);

        for (var done = 0; done <= 100; done++)
        {
            view.Report(new BackfillProgress(100, 100, done, 0, 0, 2));
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(21, lines.Length);
        Assert.Equal("backfill: 100/100 orders done (ok 100, failed 0, parked 0), 2.0 orders/s", lines[^1].TrimEnd());
        Assert.DoesNotContain("\r", output.ToString().Replace(Environment.NewLine, "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
