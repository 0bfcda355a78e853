using CpqSync.Core.Planning;
using CpqSync.Engine.Records;
using CpqSync.Hosting;
using CpqSync.Salesforce;
using CpqSync.Web.Lists;
using CpqSync.Web.Setup;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CpqSync.Web.Records;

/// <summary>
/// What the catalogue pages (accounts, products, price book entries, and one record's page) share: the connection's
/// Salesforce instance and Stripe mode for links, and the manual syncs their buttons run (<see cref="RecordSyncer"/>, as
/// <c>cpqsync sync account|products|pricebook</c> does; posting needs the admin role, like every change).
/// </summary>
public abstract class CataloguePageModel(IWebConnection connections, SalesforceClient salesforce) : PageModel
{
    /// <summary>The org's address, for links to records; <see langword="null"/> when Salesforce is not connected.</summary>
    public string? InstanceUrl { get; private set; }

    public bool StripeTestMode { get; private set; }

    public bool HasConnection { get; private set; }

    /// <summary>Why Salesforce could not be read, worded with what to do.</summary>
    public string? ReadError { get; protected set; }

    /// <summary>Reads the connection's Stripe mode and the org's instance URL (the session's, no API call once signed in).</summary>
    protected async Task LoadConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = await connections.GetAsync(cancellationToken);
        HasConnection = connection is not null;
        StripeTestMode = connection?.SyncRecords.StripeTestMode ?? false;
        try
        {
            InstanceUrl = (await salesforce.Authenticator.GetTokenAsync(cancellationToken)).InstanceUrl.GetLeftPart(UriPartial.Authority);
        }
        catch (Exception e) when (ConnectionProblems.IsExpected(e))
        {
            ReadError = ConnectionProblems.Describe(e, "for these records");
        }
    }

    /// <summary>Runs a manual sync and says how it went on the next page (a notice, or the problems).</summary>
    protected async Task<IActionResult> SyncAsync(RecordSyncTarget target, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (await connections.GetAsync(cancellationToken) is not { } stored)
        {
            return BadRequest();
        }

        RecordSyncResult result;
        try
        {
            var connection = await ConnectionBootstrap.LoadEngineConnectionAsync(HttpContext.RequestServices, stored.Id, cancellationToken);
            result = await HttpContext.RequestServices.GetRequiredService<RecordSyncer>().SyncAsync(connection, target, cancellationToken);
        }
        catch (Exception e) when (ConnectionProblems.IsExpected(e))
        {
            TempData["Problem"] = ConnectionProblems.Describe(e, $"to sync {what}");
            return RedirectToCurrent();
        }

        TempData[result.Succeeded ? "Notice" : "Problem"] = Describe(result, what);
        return RedirectToCurrent();
    }

    /// <summary>One line on a manual sync's outcome.</summary>
    public static string Describe(RecordSyncResult result, string what)
    {
        ArgumentNullException.ThrowIfNull(result);
        var filtered = result.FilteredOut.Count == 0 ? "" : $" {result.FilteredOut.Count} left out by the connection's filters.";
        return result.Status switch
        {
            RecordSyncStatus.NotFound => $"Salesforce has no record with the id {string.Join(", ", result.Missing)}.",
            RecordSyncStatus.ReadFailed => $"Salesforce could not be read: {result.Message}",
            RecordSyncStatus.Succeeded when result.Items.Count == 0 => $"Nothing to sync for {what}.{filtered}",
            RecordSyncStatus.Succeeded => $"Synced {what}: {result.Items.Count} {(result.Items.Count == 1 ? "record" : "records")} up to date in Stripe.{filtered}",
            _ => $"The sync of {what} failed for {result.Items.Count(i => !i.Succeeded)} of {result.Items.Count} records: "
                + string.Join("; ", result.Items.Where(i => !i.Succeeded).Take(3).Select(i => $"{i.RecordId} {i.ErrorCode} {i.Message?.TrimEnd('.')}".Trim()))
                + filtered,
        };
    }

    /// <summary>Back to the page posted from, with its search and page.</summary>
    private LocalRedirectResult RedirectToCurrent() => LocalRedirect(ListQuery.Link(Request, ("handler", null)));
}

/// <summary>
/// A catalogue list page: searchable (<c>?q=</c>), sorted by name or id (<c>?sort=</c>, <c>?dir=</c>), a page at a time
/// (<c>?after=</c>/<c>?before=</c>), read from Salesforce.
/// </summary>
public abstract class CatalogueListModel(IWebConnection connections, SalesforceClient salesforce, CatalogueList list)
    : CataloguePageModel(connections, salesforce)
{
    public abstract CatalogueKind Kind { get; }

    /// <summary>The search and the sort (by name, A to Z, unless the request asks otherwise).</summary>
    public ListQuery Query { get; private set; } = new(null, CatalogueKind.NameSort, false);

    /// <summary>The search text, or <see langword="null"/>.</summary>
    public string? Search => Query.Search;

    public KeysetPage<CatalogueRow> Rows { get; private set; } = KeysetPage<CatalogueRow>.Empty;

    /// <summary>Reads the page the request asks for, narrowed by <paramref name="where"/> when given.</summary>
    protected async Task LoadListAsync(SoqlQuery? where, CancellationToken cancellationToken)
    {
        Query = ListQuery.From(Request, CatalogueKind.SortKeys);
        await LoadConnectionAsync(cancellationToken);
        if (ReadError is not null)
        {
            return;
        }

        try
        {
            Rows = await list.ReadAsync(Kind, Search, where, KeysetRequest.From(Request), Query, cancellationToken);
        }
        catch (Exception e) when (ConnectionProblems.IsExpected(e))
        {
            ReadError = ConnectionProblems.Describe(e, $"for its {Kind.Title.ToLowerInvariant()}");
        }
    }
}
