using CpqSync.Salesforce;
using CpqSync.Web.Records;

namespace CpqSync.Web.Pages.Records;

/// <summary>The accounts the connection can see, with their Stripe customers.</summary>
public sealed class AccountsModel(IWebConnection connections, SalesforceClient salesforce, CatalogueList list)
    : CatalogueListModel(connections, salesforce, list)
{
    public override CatalogueKind Kind => CatalogueKind.Accounts;

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadListAsync(null, cancellationToken);
}
