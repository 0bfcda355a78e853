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

    /// <summary>Requests the Stripe sandbox received (its own count, 429s included).</summary>
    public long StripeRequestsReceived { get; init; }

    /// <summary>CPU time of the benchmark's process (CpqSync: the backfill, its store, its HTTP clients) during the backfill.</summary>
    public TimeSpan CpqSyncCpu { get; init; }

    /// <summary>CPU time of the emulators' process (both sandboxes) during the backfill.</summary>
    public TimeSpan EmulatorsCpu { get; init; }

    /// <summary>How long the emulated org took to build the seed.</summary>
    public TimeSpan Seeding { get; init; }

    public long EmulatorsPeakMemory { get; init; }

    public long CpqSyncPeakMemory { get; init; }

    public string Markdown(int processors, double stripeRequestsPerSecond) =>
        new FigureTable(
                $"End-to-end backfill: scale:{Seeded} seed",
                $"{Backfilled} orders backfilled ({Succeeded} synced, {Failed} failed or parked) in {Elapsed.TotalSeconds:0.0} s, ",
                $"sandboxes on loopback in a child process, SQLite store, {processors} logical processors shared with other work. ",
                $"Stripe calls paced at {stripeRequestsPerSecond:0} requests/s (Stripe:MaxRequestsPerSecond); at test mode's default of 23 ",
                $"a backfill can't exceed {23 / Math.Max(StripeCallsPerOrder, 1):0.0} orders/s.")
            .Row("Stripe calls per order", $"{StripeCallsPerOrder:0.00}")
            .Row("Salesforce calls per 1,000 backfilled orders (org API usage)", $"{SalesforceCallsPer1000:0}")
            .Row("Salesforce requests per 1,000 orders (engine's counter)", $"{(Backfilled == 0 ? 0 : SalesforceCalls * 1000.0 / Backfilled):0}")
            .Row("Stripe requests received by the sandbox per order", $"{(Backfilled == 0 ? 0 : (double)StripeRequestsReceived / Backfilled):0.00}")
            .Row("Backfill orders per second", $"{OrdersPerSecond:0.0}")
            .Row("CPU-seconds, CpqSync (backfill process)", $"{CpqSyncCpu.TotalSeconds:0.0}")
            .Row("CPU-seconds, emulators (both sandboxes)", $"{EmulatorsCpu.TotalSeconds:0.0}")
            .Row($"Seeding the org (scale:{Seeded}), seconds", $"{Seeding.TotalSeconds:0.0}")
            .Row("Peak memory, CpqSync / emulators (MB)", $"{CpqSyncPeakMemory / 1048576} / {EmulatorsPeakMemory / 1048576}")
            .ToString();
}
