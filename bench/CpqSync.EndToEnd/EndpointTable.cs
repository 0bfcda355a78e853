using System.Globalization;
using System.Text;
using CpqSync.Sandbox.Stats;

namespace CpqSync.EndToEnd;

/// <summary>The sandboxes' own per-endpoint counts of a run (<c>/_sandbox/stats</c>) as a markdown table.</summary>
internal static class EndpointTable
{
    public static string Markdown(int orders, params (string Sandbox, SandboxStats Stats)[] sandboxes)
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("## Requests per endpoint, as the sandboxes counted them (`/_sandbox/stats`)");
        text.AppendLine();
        text.AppendLine("| sandbox | endpoint | requests | per order | 2xx | 4xx | of which 429 | 5xx | dropped | API usage | subrequests | records |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (sandbox, stats) in sandboxes)
        {
            foreach (var (endpoint, counts) in stats.Endpoints.OrderByDescending(static e => e.Value.Requests).ThenBy(static e => e.Key, StringComparer.Ordinal))
            {
                Row(text, sandbox, $"`{endpoint}`", counts, orders);
            }

            Row(text, sandbox, "**all**", stats.Totals, orders);
        }

        return text.ToString();

        static void Row(StringBuilder text, string sandbox, string endpoint, EndpointCounts counts, int orders) =>
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {sandbox} | {endpoint} | {counts.Requests} | {(orders == 0 ? 0 : (double)counts.Requests / orders):0.000} | {counts.Status2xx} | "
                + $"{counts.Status4xx} | {counts.RateLimited} | {counts.Status5xx} | {counts.Dropped} | {Optional(counts.ApiUsage)} | "
                + $"{Optional(counts.Subrequests)} | {Optional(counts.Records)} |");
    }

    private static string Optional(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "–";
}
