using System.Globalization;
using CpqSync.Engine.Connections;
using CpqSync.Engine.Sync;
using CpqSync.Storage;
using CpqSync.Web.Dashboard;
using CpqSync.Web.Lists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CpqSync.Web.Pages;

/// <summary>
/// The dashboard: live state (refreshed by a small fetch of <c>?handler=Live</c>), recent outcomes with filters, a page
/// at a time (keyset on the outcome id, newest first).
/// </summary>
public sealed class DashboardModel(ISyncMonitor monitor, FailedOrderRetry failedOrders, IWebConnection connections) : PageModel
{
    public static IReadOnlyList<string> ObjectTypes { get; } = ["Order", "Account", "Product2", "PricebookEntry", "OrderItem"];

    [BindProperty(SupportsGet = true)]
    public string? Object { get; set; }

    [BindProperty(SupportsGet = true)]
    public SyncStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public DashboardLive Live { get; private set; } = null!;

    public KeysetPage<SyncOutcomeEntry> Outcomes { get; private set; } = KeysetPage<SyncOutcomeEntry>.Empty;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Live = await DashboardLive.LoadAsync(HttpContext.RequestServices, cancellationToken);
        var page = KeysetRequest.From(Request);
        var cursor = page.Cursor is [var text] && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (long?)null;
        // The connection's own outcomes: the store's list indexes start with the connection.
        var connection = await connections.GetAsync(cancellationToken);
        var fetched = await monitor.GetRecentOutcomesAsync(
            new OutcomeQuery(
                ConnectionId: connection?.Id,
                ObjectType: string.IsNullOrWhiteSpace(Object) ? null : Object,
                Status: Status,
                From: From is { } from ? new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
                // "To" is a whole day, inclusive.
                To: To is { } to ? new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
                Limit: page.FetchSize,
                BeforeId: page.Backward ? null : cursor,
                AfterId: page.Backward ? cursor : null),
            cancellationToken);
        Outcomes = KeysetPage<SyncOutcomeEntry>.From(fetched, page, static o => KeysetCursor.Encode(o.Id.ToString(CultureInfo.InvariantCulture)));
    }

    public async Task<IActionResult> OnGetLiveAsync(CancellationToken cancellationToken) =>
        Partial("_DashboardLive", await DashboardLive.LoadAsync(HttpContext.RequestServices, cancellationToken));

    public async Task<IActionResult> OnPostLiveSyncAsync(bool on, CancellationToken cancellationToken)
    {
        if (await connections.GetAsync(cancellationToken) is not { } connection)
        {
            return BadRequest();
        }

        if (on && LiveSyncStart.NeedsDecision(connection.Preferences))
        {
            // The first time, where live sync starts is a decision, taken on the preferences page with the count in view.
            return RedirectToPage("/Setup/Preferences", new { FirstSync = true });
        }

        await connections.SetLiveSyncAsync(on, cancellationToken);
        TempData["Notice"] = on ? "Live sync is on." : "Live sync is off.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRetryFailedAsync(CancellationToken cancellationToken)
    {
        if (await connections.GetAsync(cancellationToken) is not { } connection)
        {
            return BadRequest();
        }

        var count = await failedOrders.RetryAsync(connection.Id, cancellationToken);
        TempData["Notice"] = count switch
        {
            0 => "No failed orders to retry.",
            1 => "1 failed order is back in the queue.",
            _ => string.Create(CultureInfo.InvariantCulture, $"{count} failed orders are back in the queue."),
        };
        return RedirectToPage();
    }
}
