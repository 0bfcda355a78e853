using System.Text.RegularExpressions;
using CpqSync.Core.Planning;
using CpqSync.Engine.Connections;
using CpqSync.Engine.Preview;
using CpqSync.Engine.Snapshots;
using CpqSync.Engine.Sync;
using CpqSync.Stripe.State;
using CpqSync.Salesforce;
using CpqSync.Stripe;
using CpqSync.Web.Setup;
using CpqSync.Storage;
using CpqSync.Web.Orders;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CpqSync.Web.Pages.Orders;

/// <summary>
/// Why an order did or did not reach Stripe: its Salesforce records, what a sync would do now, the Stripe objects it
/// has, every attempt with its error and fix hint, and "Sync now".
/// </summary>
public sealed partial class OrderModel(
    IWebConnection connections, OrderPreviewer previewer, ISyncMonitor monitor, OrgFactsDetection detection, SalesforceClient salesforce) : PageModel
{
    public string Id { get; private set; } = "";

    /// <summary>The order's number, account and status, from the preview's snapshot or, when Stripe can't be read, from Salesforce alone.</summary>
    public OrderHeader? Header { get; private set; }

    public bool HasConnection { get; private set; }

    public bool StripeTestMode { get; private set; }

    public OrderPreview? Preview { get; private set; }

    /// <summary>Why the order could not be read from Salesforce.</summary>
    public string? ReadError { get; private set; }

    public IReadOnlyList<PlanStep> Steps { get; private set; } = [];

    public IReadOnlyList<SyncOutcomeEntry> Attempts { get; private set; } = [];

    public IReadOnlyList<string> StripeIds { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (!SalesforceId().IsMatch(id))
        {
            return NotFound();
        }

        Id = id;
        var connection = await connections.GetAsync(cancellationToken);
        if (connection is not null && await detection.EnsureDetectedAsync(connection.Id, cancellationToken))
        {
            connection = await connections.GetAsync(cancellationToken); // with the settings the org implies
        }

        HasConnection = connection is not null;
        Attempts = await monitor.GetRecentOutcomesAsync(
            new OutcomeQuery(ConnectionId: connection?.Id, ObjectType: "Order", RecordId: id, Limit: 200), cancellationToken);
        if (connection is not null)
        {
            StripeTestMode = connection.SyncRecords.StripeTestMode;
            try
            {
                Preview = await previewer.PreviewAsync(connection, id, cancellationToken);
                Steps = Preview.Result.Plan is { } plan ? PlanStep.From(plan) : [];
                Header = OrderHeader.From(Preview.Snapshot);
            }
            catch (OrderNotFoundException e)
            {
                ReadError = e.Message;
            }
            catch (SalesforceApiException e)
            {
                ReadError = $"Salesforce refused the read: {e.Message}";
            }
            catch (Exception e) when (ConnectionProblems.IsExpected(e))
            {
                ReadError = ConnectionProblems.Describe(e, "for this order");
                if (e is StripeKeyMissingException)
                {
                    Header = await ReadHeaderAsync(id, cancellationToken);
                }
            }
            catch (StripeStateReadException e)
            {
                ReadError = e.HttpStatus is null ? e.Message : $"Stripe refused the read: {e.Message}";
                Header = await ReadHeaderAsync(id, cancellationToken);
            }

        }

        StripeIds = Attempts.SelectMany(a => a.StripeIds)
            .Concat(Preview is { } p ? AllIds(p.Snapshot.StripeIds) : [])
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return Page();
    }

    /// <summary>"Sync now": runs the order's sync at once (live sync on or off) and logs it like the worker does.</summary>
    public async Task<IActionResult> OnPostSyncNowAsync(string id, [FromServices] ManualSync manualSync, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manualSync);
        if (!SalesforceId().IsMatch(id))
        {
            return NotFound();
        }

        if (await connections.GetAsync(cancellationToken) is not { } connection)
        {
            return BadRequest();
        }

        SyncResult result;
        try
        {
            result = await manualSync.SyncOrderAsync(connection, id, cancellationToken);
        }
        catch (Exception e) when (ConnectionProblems.IsExpected(e))
        {
            TempData["Problem"] = ConnectionProblems.Describe(e, "to sync this order");
            return RedirectToPage(new { id });
        }

        if (result.Succeeded)
        {
            TempData["Notice"] = result.Status == OrderSyncStatus.Succeeded
                ? "Synced: Stripe is up to date with this order."
                : "Nothing to sync: Stripe already matches this order.";
        }
        else
        {
            TempData["Problem"] = result.Status == OrderSyncStatus.NotFound
                ? "Salesforce has no order with this id."
                : $"The sync failed: {result.ErrorCode} {result.Message}";
        }

        return RedirectToPage(new { id });
    }

    /// <summary>The header alone, from Salesforce (one query), when the preview failed on Stripe's side.</summary>
    private async Task<OrderHeader?> ReadHeaderAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var page = await salesforce.QueryPageAsync(
                Soql.Query($"SELECT Id, OrderNumber, Status, AccountId, Account.Name FROM Order WHERE Id = {id}"), cancellationToken: cancellationToken);
            return page.Records.FirstOrDefault() is { } order
                ? new OrderHeader(
                    (string?)order["OrderNumber"], (string?)order["Status"], (string?)order["AccountId"], (string?)order["Account"]?["Name"])
                : null;
        }
        catch (Exception e) when (ConnectionProblems.IsExpected(e))
        {
            return null;
        }
    }

    private static IEnumerable<string> AllIds(StripeReferences ids) =>
        ids.Customers.Concat(ids.Products).Concat(ids.Prices).Concat(ids.Coupons)
            .Concat(ids.Schedules).Concat(ids.Subscriptions).Concat(ids.Invoices);

    [GeneratedRegex("^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$")]
    private static partial Regex SalesforceId();
}

/// <summary>What the order page's header shows: the order number, status and account.</summary>
public sealed record OrderHeader(string? Number, string? Status, string? AccountId, string? AccountName)
{
    public static OrderHeader From(OrderSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var order = snapshot.Order;
        var accountId = order.GetString("AccountId");
        var account = accountId is null ? null : snapshot.Records.Find(accountId);
        return new OrderHeader(order.GetString("OrderNumber"), order.GetString("Status"), accountId, account?.GetString("Name"));
    }
}
