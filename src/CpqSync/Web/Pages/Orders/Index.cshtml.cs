using CpqSync.Engine.Connections;
using CpqSync.Salesforce;
using CpqSync.Web.Lists;
using CpqSync.Web.Orders;
using CpqSync.Web.Setup;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CpqSync.Web.Pages.Orders;

/// <summary>
/// Every order the connection can see, synced or not, searchable and sortable, a page at a time, each with its last
/// outcome and why it does not sync; one Salesforce query per page.
/// </summary>
public sealed class OrdersModel(IWebConnection connections, OrderList orders, SalesforceClient salesforce, OrgFactsDetection detection) : PageModel
{
    public ListQuery Query { get; private set; } = new(null, OrderList.SortKeys[0], true);

    public KeysetPage<OrderListRow> Orders { get; private set; } = KeysetPage<OrderListRow>.Empty;

    public bool HasConnection { get; private set; }

    public bool StripeTestMode { get; private set; }

    /// <summary>The org's address for record links; <see langword="null"/> when not known.</summary>
    public string? InstanceUrl { get; private set; }

    /// <summary>Why Salesforce could not be asked for the orders.</summary>
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? id, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(id))
        {
            return Redirect("/orders/" + Uri.EscapeDataString(id.Trim()));
        }

        Query = ListQuery.From(Request, OrderList.SortKeys, defaultDescending: true);
        var connection = await connections.GetAsync(cancellationToken);
        HasConnection = connection is not null;
        if (connection is null)
        {
            return Page();
        }

        StripeTestMode = connection.SyncRecords.StripeTestMode;
        try
        {
            if (await detection.EnsureDetectedAsync(connection.Id, cancellationToken))
            {
                connection = await connections.GetAsync(cancellationToken) ?? connection; // with the currency settings the org implies
            }

            Orders = await orders.LoadAsync(connection, Query, KeysetRequest.From(Request), cancellationToken);
            InstanceUrl = string.IsNullOrWhiteSpace(connection.Configuration.Settings.InstanceUrl)
                ? (await salesforce.Authenticator.GetTokenAsync(cancellationToken)).InstanceUrl.ToString()
                : connection.Configuration.Settings.InstanceUrl;
        }
        catch (Exception e) when (ConnectionProblems.IsExpected(e))
        {
            Problem = ConnectionProblems.Describe(e, "for the orders");
        }

        return Page();
    }
}
