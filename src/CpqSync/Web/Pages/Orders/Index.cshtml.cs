using CpqSync.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CpqSync.Web.Pages.Orders;

/// <summary>Find an order by id; the orders synced lately, one line each.</summary>
public sealed class OrdersModel(ISyncMonitor monitor) : PageModel
{
    public IReadOnlyList<SyncOutcomeEntry> Recent { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? id, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(id))
        {
            return Redirect("/orders/" + Uri.EscapeDataString(id.Trim()));
        }

        var outcomes = await monitor.GetRecentOutcomesAsync(new OutcomeQuery(ObjectType: "Order", Limit: 200), cancellationToken);
        Recent = outcomes.DistinctBy(o => o.RecordId).Take(50).ToList();
        return Page();
    }
}
