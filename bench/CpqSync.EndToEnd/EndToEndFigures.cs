using System.Globalization;
using System.Text;

namespace CpqSync.EndToEnd;

/// <summary>What one end-to-end backfill measured, and the figures the closing note quotes.</summary>
/// <param name="SalesforceCalls">Requests the engine sent to Salesforce (its own counter, every request including the login).</param>
/// <param name="SalesforceApiUsage">What the org counted against its daily API allowance over the run.</param>
/// <param name="StripeCalls">Requests the engine sent to Stripe, retries included.</param>
internal sealed record EndToEndFigures(
    int Seeded, int Backfilled, int Succeeded, int Failed, TimeSpan Elapsed, long SalesforceCalls, long SalesforceApiUsage, long StripeCalls)
{
    public double StripeCallsPerOrder => Backfilled == 0 ? 0 : (double)StripeCalls / Backfilled;

    public double SalesforceCallsPer1000 => Backfilled == 0 ? 0 : SalesforceApiUsage * 1000.0 / Backfilled;

    public double OrdersPerSecond => Backfilled / Elapsed.TotalSeconds;

    public string Markdown(int processors, double stripeRequestsPerSecond)
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"# End-to-end backfill: scale:{Seeded} seed");
        text.AppendLine();
        text.AppendLine(invariant, $"{Backfilled} orders backfilled ({Succeeded} synced, {Failed} failed or parked) in {Elapsed.TotalSeconds:0.0} s, "
            + $"sandboxes in-process on loopback, SQLite store, {processors} logical processors shared with other work. "
            + $"Stripe calls paced at {stripeRequestsPerSecond:0} requests/s (Stripe:MaxRequestsPerSecond); at test mode's default of 20 "
            + $"a backfill can't exceed {20 / Math.Max(StripeCallsPerOrder, 1):0.0} orders/s.");
        text.AppendLine();
        text.AppendLine("| figure | value |");
        text.AppendLine("| --- | ---: |");
        text.AppendLine(invariant, $"| Stripe calls per order | {StripeCallsPerOrder:0.00} |");
        text.AppendLine(invariant, $"| Salesforce calls per 1,000 backfilled orders (org API usage) | {SalesforceCallsPer1000:0} |");
        text.AppendLine(invariant, $"| Salesforce requests per 1,000 orders (engine's counter) | {(Backfilled == 0 ? 0 : SalesforceCalls * 1000.0 / Backfilled):0} |");
        text.AppendLine(invariant, $"| Backfill orders per second | {OrdersPerSecond:0.0} |");
        return text.ToString();
    }
}
