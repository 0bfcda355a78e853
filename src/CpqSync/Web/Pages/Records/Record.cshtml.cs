using CpqSync.Core.Planning;
using CpqSync.Salesforce;
using CpqSync.Storage;
using CpqSync.Web.Lists;
using CpqSync.Web.Records;
using CpqSync.Web.Setup;
using Microsoft.AspNetCore.Mvc;

namespace CpqSync.Web.Pages.Records;

/// <summary>
/// One account, product or price book entry: its fields, its Stripe object, every sync attempt (the store's outcomes) and
/// "Sync this …", the manual sync <c>cpqsync sync account|products|pricebook</c> runs.
/// </summary>
public sealed class RecordModel(IWebConnection connections, SalesforceClient salesforce, CatalogueList list, ISyncMonitor monitor)
    : CataloguePageModel(connections, salesforce)
{
    private readonly IWebConnection _connections = connections;

    public CatalogueKind Kind { get; private set; } = CatalogueKind.Accounts;

    public string Id { get; private set; } = "";

    public CatalogueRow? Row { get; private set; }

    public IReadOnlyList<SyncOutcomeEntry> Attempts { get; private set; } = [];

    /// <summary>The kind in the singular (<c>Account</c>, <c>Product</c>, <c>Price book entry</c>).</summary>
    public string Noun => Kind.ObjectType switch
    {
        "Product2" => "Product",
        "PricebookEntry" => "Price book entry",
        _ => "Account",
    };

    public async Task<IActionResult> OnGetAsync(string objectType, string id, CancellationToken cancellationToken)
    {
        if (CatalogueKind.Of(objectType) is not { } kind || !CatalogueList.IsSalesforceId(id))
        {
            return NotFound();
        }

        (Kind, Id) = (kind, id);
        var connection = await _connections.GetAsync(cancellationToken);
        Attempts = await monitor.GetRecentOutcomesAsync(
            new OutcomeQuery(ConnectionId: connection?.Id, ObjectType: kind.ObjectType, RecordId: id, Limit: 200), cancellationToken);
        await LoadConnectionAsync(cancellationToken);
        if (ReadError is not null)
        {
            return Page();
        }

        try
        {
            var found = await list.ReadAsync(kind, null, Soql.Query($"Id = {id}"), new KeysetRequest(null, null, 1), null, cancellationToken);
            Row = found.Items.FirstOrDefault();
            ReadError = Row is null ? $"Salesforce has no {Noun.ToLowerInvariant()} with the id {id} that the integration user can see." : null;
        }
        catch (Exception e) when (ConnectionProblems.IsExpected(e))
        {
            ReadError = ConnectionProblems.Describe(e, $"for this {Noun.ToLowerInvariant()}");
        }

        return Page();
    }

    public async Task<IActionResult> OnPostSyncAsync(string objectType, string id, CancellationToken cancellationToken)
    {
        if (CatalogueKind.Of(objectType) is not { } kind || !CatalogueList.IsSalesforceId(id))
        {
            return NotFound();
        }

        (Kind, Id) = (kind, id);
        var target = kind.ObjectType switch
        {
            "Product2" => RecordSyncTarget.Products(id),
            "PricebookEntry" => RecordSyncTarget.Pricebook(id),
            _ => RecordSyncTarget.Account(id),
        };
        return await SyncAsync(target, $"this {Noun.ToLowerInvariant()}", cancellationToken);
    }
}
