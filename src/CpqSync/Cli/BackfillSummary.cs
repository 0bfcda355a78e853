using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CpqSync.Engine.Backfill;
using CpqSync.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Cli;

/// <summary>A record that did not sync, as the backfill's summary lists it.</summary>
public sealed record BackfillFailure(string RecordId, string? ErrorCode, string? Message);

/// <summary>
/// What a backfill ends with: the counts, then the orders that failed (their Sync Records say the same) and the ones
/// parked after their last retry. Failures come from the store's outcome log, so they name the catalogue codes.
/// </summary>
public sealed record BackfillSummary(
    BackfillReport Report, DateOnly? Since, IReadOnlyList<BackfillFailure> Failed, IReadOnlyList<BackfillFailure> Parked)
{
    /// <summary>How many failures the summary names; the store and the Sync Records hold them all.</summary>
    public const int Listed = 50;

    public static async Task<BackfillSummary> ReadAsync(
        IServiceProvider services, Guid connectionId, BackfillReport report, DateOnly? since, DateTimeOffset started,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var monitor = services.GetRequiredService<ISyncMonitor>();
        var parked = (await monitor.GetParkedItemsAsync(connectionId, Listed, cancellationToken))
            .Select(p => new BackfillFailure(p.RecordId, p.ErrorCode, p.Error))
            .ToList();
        var parkedIds = parked.Select(p => p.RecordId).ToHashSet(StringComparer.Ordinal);
        var errors = await monitor.GetRecentOutcomesAsync(
            new OutcomeQuery(connectionId, Status: SyncStatus.Error, From: started, Limit: Listed * 4), cancellationToken);
        var failed = errors
            .Where(e => !parkedIds.Contains(e.RecordId))
            .DistinctBy(e => e.RecordId)
            .OrderBy(e => e.RecordId, StringComparer.Ordinal)
            .Take(Listed)
            .Select(e => new BackfillFailure(e.RecordId, e.ErrorCode, e.Message))
            .ToList();
        return new BackfillSummary(report, since, failed, parked);
    }

    public string Describe()
    {
        var text = new StringBuilder();
        // Orders another run (or another backfill on the same store) already synced: finished here without work.
        var unchanged = Report.Unchanged > 0 ? string.Create(CultureInfo.InvariantCulture, $", {Report.Unchanged} unchanged since their last sync") : "";
        var resumed = Report.Resumed ? $", resumed where the last run stopped ({Report.Queued} queued by this run)" : "";
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Backfill finished: {Report.Total} orders{resumed}: {Report.Succeeded} synced, {Report.Failed} failed, {Report.Parked} parked{unchanged} "
            + $"({Report.OrdersPerSecond:0.0} orders/s, {Report.Duration.TotalSeconds:0.0} s; "
            + $"{Report.SalesforceCalls} Salesforce and {Report.StripeCalls} Stripe calls, {Report.Retried} retries)."));
        AppendList(text, "Failed (fix the data, then run `cpqsync sync order <OrderId>` or the backfill again):", Failed);
        AppendList(text, "Parked after their last retry (temporary failures: run the backfill again later):", Parked);
        return text.ToString();
    }

    public JsonObject Json() => new()
    {
        ["since"] = Since?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["total"] = Report.Total,
        ["queued"] = Report.Queued,
        ["resumed"] = Report.Resumed,
        ["succeeded"] = Report.Succeeded,
        ["unchanged"] = Report.Unchanged,
        ["failed"] = Report.Failed,
        ["parked"] = Report.Parked,
        ["retried"] = Report.Retried,
        ["salesforce_calls"] = Report.SalesforceCalls,
        ["stripe_calls"] = Report.StripeCalls,
        ["orders_per_second"] = Math.Round(Report.OrdersPerSecond, 1),
        ["duration_ms"] = (long)Report.Duration.TotalMilliseconds,
        ["failures"] = Array(Failed),
        ["parked_orders"] = Array(Parked),
    };

    private static JsonArray Array(IReadOnlyList<BackfillFailure> failures) =>
        new(failures.Select(f => (JsonNode)new JsonObject { ["order"] = f.RecordId, ["code"] = f.ErrorCode, ["message"] = f.Message }).ToArray());

    private static void AppendList(StringBuilder text, string title, IReadOnlyList<BackfillFailure> failures)
    {
        if (failures.Count == 0)
        {
            return;
        }

        text.AppendLine(title);
        foreach (var failure in failures)
        {
            text.AppendLine($"  {failure.RecordId}  {failure.ErrorCode}: {OneLine.Of(failure.Message)}");
        }
    }
}
