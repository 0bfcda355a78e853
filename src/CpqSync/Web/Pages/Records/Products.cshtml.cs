using CpqSync.Core.Planning;
using CpqSync.Salesforce;
using CpqSync.Web.Records;
using Microsoft.AspNetCore.Mvc;

namespace CpqSync.Web.Pages.Records;

/// <summary>The products the connection can see, with their Stripe products; "Sync these products" syncs a page of them.</summary>
public sealed class ProductsModel(IWebConnection connections, SalesforceClient salesforce, CatalogueList list)
    : CatalogueListModel(connections, salesforce, list)
{
    /// <summary>At most one page of products per sync, as the list shows them.</summary>
    private const int MaxProducts = 200;

    public override CatalogueKind Kind => CatalogueKind.Products;

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadListAsync(null, cancellationToken);

    public async Task<IActionResult> OnPostSyncAsync(string[]? ids, CancellationToken cancellationToken)
    {
        var products = (ids ?? []).Where(CatalogueList.IsSalesforceId).Distinct(StringComparer.Ordinal).ToList();
        if (products.Count is 0 or > MaxProducts)
        {
            return BadRequest();
        }

        return await SyncAsync(RecordSyncTarget.Products(products), products.Count == 1 ? "this product" : $"these {products.Count} products", cancellationToken);
    }
}
