using CpqSync.Core.Planning;
using CpqSync.Salesforce;
using CpqSync.Web.Records;
using CpqSync.Web.Setup;
using Microsoft.AspNetCore.Mvc;

namespace CpqSync.Web.Pages.Records;

/// <summary>
/// The price book entries the connection can see, with their Stripe prices, optionally of one price book
/// (<c>?pricebook=01s…</c>), which "Sync this price book" then syncs.
/// </summary>
public sealed class PricebookEntriesModel(IWebConnection connections, SalesforceClient salesforce, CatalogueList list)
    : CatalogueListModel(connections, salesforce, list)
{
    private readonly SalesforceClient _salesforce = salesforce;

    public override CatalogueKind Kind => CatalogueKind.PricebookEntries;

    /// <summary>The price book shown, or <see langword="null"/> for all.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Pricebook { get; set; }

    /// <summary>The active price books (at most 200), by name.</summary>
    public IReadOnlyList<(string Id, string Name)> Pricebooks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Pricebook = Pricebook is { } id && CatalogueList.IsSalesforceId(id) ? id : null;
        await LoadListAsync(Pricebook is { } pricebook ? Soql.Query($"Pricebook2Id = {pricebook}") : null, cancellationToken);
        if (ReadError is not null)
        {
            return;
        }

        try
        {
            var books = await _salesforce.QueryPageAsync(
                Soql.Query($"SELECT Id, Name FROM Pricebook2 WHERE IsActive = true ORDER BY Name LIMIT 200"), cancellationToken: cancellationToken);
            Pricebooks = [.. books.Records.Select(r => ((string)r["Id"]!, (string?)r["Name"] ?? (string)r["Id"]!))];
        }
        catch (Exception e) when (ConnectionProblems.IsExpected(e))
        {
            ReadError = ConnectionProblems.Describe(e, "for its price books");
        }
    }

    public Task<IActionResult> OnPostSyncAsync(CancellationToken cancellationToken) =>
        Pricebook is { } id && CatalogueList.IsSalesforceId(id)
            ? SyncAsync(RecordSyncTarget.Pricebook(id), "this price book", cancellationToken)
            : Task.FromResult<IActionResult>(BadRequest());
}
