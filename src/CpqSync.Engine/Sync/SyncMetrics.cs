using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CpqSync.Engine.Sync;

/// <summary>The sync's instruments, on <see cref="EngineTelemetry.Meter"/>.</summary>
internal static class SyncMetrics
{
    private static readonly Counter<long> Synced = EngineTelemetry.Meter.CreateCounter<long>(
        "cpqsync.sync.records.synced", "{record}", "Records synced to Stripe (or found already in sync), by object and status.");

    private static readonly Counter<long> Failed = EngineTelemetry.Meter.CreateCounter<long>(
        "cpqsync.sync.records.failed", "{record}", "Sync attempts that failed, by object and status (the failure's kind).");

    private static readonly Counter<long> Retried = EngineTelemetry.Meter.CreateCounter<long>(
        "cpqsync.sync.records.retried", "{record}", "Failed attempts scheduled for a retry, or parked after the last one, by object and status.");

    private static readonly Counter<long> SalesforceCalls = EngineTelemetry.Meter.CreateCounter<long>(
        "cpqsync.sync.salesforce.calls", "{request}", "Salesforce API requests made by the engine.");

    private static readonly Counter<long> StripeCalls = EngineTelemetry.Meter.CreateCounter<long>(
        "cpqsync.sync.stripe.calls", "{request}", "Stripe API requests made by the engine, retries included.");

    private static readonly Counter<long> StripeRateLimitedCalls = EngineTelemetry.Meter.CreateCounter<long>(
        "cpqsync.sync.stripe.rate_limited", "{request}", "Stripe API requests answered 429 (rate limited); pacing keeps it at zero.");

    private static readonly UpDownCounter<long> OrdersInFlight = EngineTelemetry.Meter.CreateUpDownCounter<long>(
        "cpqsync.sync.orders.in_flight", "{order}", "Orders a worker holds now: syncing, or waiting for their write-back.");

    private static readonly UpDownCounter<long> StripeInFlight = EngineTelemetry.Meter.CreateUpDownCounter<long>(
        "cpqsync.sync.stripe.in_flight", "{request}", "Stripe requests sent (past pacing) and not answered yet.");

    private static readonly Histogram<double> Latency = EngineTelemetry.Meter.CreateHistogram<double>(
        "cpqsync.sync.latency", "s", "From the order's SystemModstamp in Salesforce to its write to Stripe.");

    public static void Outcome(string objectName, SyncResult result)
    {
        var tags = new TagList { { "object", objectName }, { "status", StatusTag(result.Status) } };
        if (result.Succeeded)
        {
            Synced.Add(1, tags);
        }
        else
        {
            Failed.Add(1, tags);
        }
    }

    /// <param name="status"><c>retry_scheduled</c> or <c>parked</c>.</param>
    public static void Retry(string objectName, string status) =>
        Retried.Add(1, new TagList { { "object", objectName }, { "status", status } });

    public static void ApiCall(ApiService service)
    {
        if (service == ApiService.Salesforce)
        {
            SalesforceCalls.Add(1);
        }
        else
        {
            StripeCalls.Add(1);
        }
    }

    /// <param name="change">+1 when a worker takes an order, -1 when it lets it go.</param>
    public static void OrderInFlight(int change) => OrdersInFlight.Add(change);

    /// <param name="change">+1 when a Stripe request goes out, -1 when it is answered (or fails).</param>
    public static void StripeRequestInFlight(int change) => StripeInFlight.Add(change);

    public static void StripeRateLimited() => StripeRateLimitedCalls.Add(1);

    public static void EndToEnd(TimeSpan sinceModstamp, SyncTrigger trigger) =>
        Latency.Record(Math.Max(0, sinceModstamp.TotalSeconds), new KeyValuePair<string, object?>("trigger", TriggerTag(trigger)));

    public static string StatusTag(OrderSyncStatus status) => status switch
    {
        OrderSyncStatus.Succeeded => "succeeded",
        OrderSyncStatus.Skipped => "skipped",
        OrderSyncStatus.Unchanged => "unchanged",
        OrderSyncStatus.PlanRefused => "plan_refused",
        OrderSyncStatus.StripeFailed => "stripe_failed",
        OrderSyncStatus.SalesforceFailed => "salesforce_failed",
        OrderSyncStatus.NotFound => "not_found",
        _ => "unknown",
    };

    public static string TriggerTag(SyncTrigger trigger) => trigger switch
    {
        SyncTrigger.Live => "live",
        SyncTrigger.Backfill => "backfill",
        SyncTrigger.Manual => "manual",
        SyncTrigger.Retry => "retry",
        _ => "unknown",
    };
}
