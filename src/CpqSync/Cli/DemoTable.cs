using System.Text;

namespace CpqSync.Cli;

/// <summary>The demo's summary: one line per order, then the totals.</summary>
public static class DemoTable
{
    private const int ScenarioWidth = 52;

    public static string Describe(IReadOnlyList<DemoRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        string[] header = ["Order", "Scenario", "Result", "Stripe", "Check"];
        var cells = rows.Select(r => new[]
        {
            r.OrderId,
            Shorten(r.Scenario),
            r.Result,
            r.StripeId ?? "-",
            r.AsExpected ? "as expected" : $"UNEXPECTED (expected {r.Expected.Describe()})",
        }).ToList();
        var widths = header.Select((h, i) => cells.Select(c => c[i].Length).Append(h.Length).Max()).ToArray();

        var text = new StringBuilder();
        AppendRow(text, header, widths);
        AppendRow(text, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in cells)
        {
            AppendRow(text, row, widths);
        }

        text.AppendLine();
        text.AppendLine(Totals(rows));
        return text.ToString();
    }

    public static string Totals(IReadOnlyList<DemoRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var synced = rows.Count(r => r.Result == "synced");
        var expectedErrors = rows.Count(r => r.AsExpected && r.Expected.ErrorCode is not null);
        var notSynced = rows.Count(r => r.AsExpected && !r.Expected.Synced);
        var unexpected = rows.Count(r => !r.AsExpected);
        return $"{rows.Count} orders: {synced} synced, {expectedErrors} failed as expected, {notSynced} drafts left alone, {unexpected} unexpected.";
    }

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths) =>
        text.AppendLine(string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());

    private static string Shorten(string scenario) =>
        scenario.Length <= ScenarioWidth ? scenario : string.Concat(scenario.AsSpan(0, ScenarioWidth - 1), "…");
}
