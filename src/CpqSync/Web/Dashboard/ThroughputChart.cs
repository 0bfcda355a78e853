using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using CpqSync.Storage;
using Microsoft.AspNetCore.Html;

namespace CpqSync.Web.Dashboard;

/// <summary>
/// Synced and failed records per hour as an SVG bar chart, rendered on the server (no script, no chart library). The
/// numbers are also in the chart's description and in each bar's tooltip, for screen readers.
/// </summary>
public static class ThroughputChart
{
    private const int Width = 720;
    private const int Height = 200;
    private const int Left = 40;
    private const int Bottom = 24;
    private const int Top = 10;

    public static IHtmlContent Render(IReadOnlyList<OutcomeBucket> buckets, DateTimeOffset from, DateTimeOffset to, TimeSpan bucketSize)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var count = (int)((to - from) / bucketSize);
        var byStart = buckets.ToDictionary(b => b.Start);
        var series = Enumerable.Range(0, count)
            .Select(i => from + (bucketSize * i))
            .Select(start => byStart.TryGetValue(start, out var b) ? (start, ok: b.Success + b.Resolved, failed: b.Error) : (start, ok: 0L, failed: 0L))
            .ToList();
        var max = Math.Max(1, series.Max(s => s.ok + s.failed));
        var plotHeight = Height - Bottom - Top;
        var slot = (double)(Width - Left) / count;
        var svg = new StringBuilder();
        var total = (ok: series.Sum(s => s.ok), failed: series.Sum(s => s.failed));
        svg.Append(CultureInfo.InvariantCulture,
            $"""<svg class="chart" viewBox="0 0 {Width} {Height}" role="img" aria-labelledby="chart-title chart-desc" preserveAspectRatio="none">""");
        svg.Append("<title id=\"chart-title\">Records synced and failed per hour, last 24 hours</title>");
        svg.Append(CultureInfo.InvariantCulture,
            $"<desc id=\"chart-desc\">{total.ok} synced and {total.failed} failed between {Hour(from)} and {Hour(to)} UTC; the highest hour had {max}.</desc>");
        svg.Append(CultureInfo.InvariantCulture, $"""<line class="axis" x1="{Left}" y1="{Top + plotHeight}" x2="{Width}" y2="{Top + plotHeight}"/>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text class="tick" x="{Left - 6}" y="{Top + 10}" text-anchor="end">{max}</text>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text class="tick" x="{Left - 6}" y="{Top + plotHeight}" text-anchor="end">0</text>""");
        for (var i = 0; i < series.Count; i++)
        {
            var (start, ok, failed) = series[i];
            var x = Left + (i * slot) + 1;
            var okHeight = plotHeight * ok / (double)max;
            var failedHeight = plotHeight * failed / (double)max;
            var label = HtmlEncoder.Default.Encode($"{Hour(start)} UTC: {ok} synced, {failed} failed");
            svg.Append(CultureInfo.InvariantCulture, $"<g><title>{label}</title>");
            Bar(svg, "ok", x, Top + plotHeight - okHeight, slot - 2, okHeight);
            Bar(svg, "failed", x, Top + plotHeight - okHeight - failedHeight, slot - 2, failedHeight);
            svg.Append("</g>");
            if (i % 6 == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<text class="tick" x="{x:0.#}" y="{Height - 6}">{Hour(start)}</text>""");
            }
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    private static void Bar(StringBuilder svg, string kind, double x, double y, double width, double height)
    {
        if (height > 0)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"""<rect class="bar {kind}" x="{x:0.##}" y="{y:0.##}" width="{width:0.##}" height="{height:0.##}"/>""");
        }
    }

    private static string Hour(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);
}
