using System.Globalization;
using CpqSync.Engine.Connections;
using CpqSync.Engine.Sync;
using CpqSync.Storage;
using CpqSync.Web.Dashboard;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CpqSync.Web.Pages;

/// <summary>The dashboard: live state (refreshed by a small fetch of <c>?handler=Live</c>), recent outcomes with filters.</summary>
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

    public IReadOnlyList<SyncOutcomeEntry> Outcomes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Live = await DashboardLive.LoadAsync(HttpContext.RequestServices, cancellationToken);
        Outcomes = await monitor.GetRecentOutcomesAsync(
            new OutcomeQuery(
                ObjectType: string.IsNullOrWhiteSpace(Object) ? null : Object,
                Status: Status,
                From: From is { } from ? new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
                // "To" is a whole day, inclusive.
                To: To is { } to ? new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
                Limit: 100),
            cancellationToken);
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
