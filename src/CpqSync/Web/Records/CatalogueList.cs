using System.Text.Json.Nodes;
using CpqSync.Core.Salesforce;
using CpqSync.Salesforce;
using CpqSync.Web.Lists;

namespace CpqSync.Web.Records;

/// <summary>
/// The catalogue records a manual sync sends to Stripe (docs/behaviour.md §11): accounts (customers), products and price
/// book entries (products and prices), as the web app lists them.
/// </summary>
/// <param name="ObjectType">The sObject (<c>Account</c>, <c>Product2</c>, <c>PricebookEntry</c>).</param>
/// <param name="Path">The list page's address.</param>
/// <param name="Fields">
/// What a row shows besides <c>Id</c> and <c>Stripe_ID__c</c>: (SOQL field, column title); fields every org has (no
/// <c>CurrencyIsoCode</c>, which single-currency orgs lack).
/// </param>
/// <param name="SearchFields">The text fields a search matches (contains, case-insensitive); ids and Stripe ids match exactly.</param>
/// <param name="NameField">The name the list sorts by unless asked otherwise: one of <paramref name="Fields"/>, never empty on a record.</param>
public sealed record CatalogueKind(
    string ObjectType, string Title, string Path, IReadOnlyList<(string Field, string Title)> Fields, IReadOnlyList<string> SearchFields,
    string NameField)
{
    /// <summary>The sort key of the name column, the default.</summary>
    public const string NameSort = "name";

    /// <summary>The sort key of the Salesforce id column (the order Salesforce creates records in).</summary>
    public const string IdSort = "id";

    /// <summary>The sort keys, the default first.</summary>
    public static IReadOnlyList<string> SortKeys { get; } = [NameSort, IdSort];

    public static CatalogueKind Accounts { get; } = new(
        "Account", "Accounts", "/accounts", [("Name", "Name")], ["Name"], "Name");

    public static CatalogueKind Products { get; } = new(
        "Product2", "Products", "/products", [("Name", "Name"), ("ProductCode", "Code"), ("IsActive", "Active")], ["Name", "ProductCode"], "Name");

    public static CatalogueKind PricebookEntries { get; } = new(
        "PricebookEntry", "Price book entries", "/pricebook-entries",
        [("Product2.Name", "Product"), ("Pricebook2.Name", "Price book"), ("UnitPrice", "Unit price"), ("IsActive", "Active")],
        ["Product2.Name", "ProductCode"], "Product2.Name");

    /// <summary>The sort key a column's header sorts by, or <see langword="null"/> for a column that does not sort.</summary>
    public string? SortKeyOf(string field) => string.Equals(field, NameField, StringComparison.OrdinalIgnoreCase) ? NameSort : null;

    /// <summary>The field <paramref name="sortKey"/> sorts by.</summary>
    public string SortField(string sortKey) => string.Equals(sortKey, IdSort, StringComparison.OrdinalIgnoreCase) ? "Id" : NameField;

    public static IReadOnlyList<CatalogueKind> All { get; } = [Accounts, Products, PricebookEntries];

    public static CatalogueKind? Of(string objectType) =>
        All.FirstOrDefault(k => string.Equals(k.ObjectType, objectType, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One row: the record's id, its Stripe object's id, and the shown fields' values as text.</summary>
public sealed record CatalogueRow(string Id, string? StripeId, IReadOnlyList<string?> Values);

/// <summary>
/// Reads a page of a <see cref="CatalogueKind"/> from Salesforce: one SOQL query, keyset-paginated on the sort field
/// and <c>Id</c> (by name unless asked otherwise), never an offset, so page 2,000 costs what page 1 does.
/// </summary>
public sealed class CatalogueList(SalesforceClient salesforce)
{
    /// <param name="search">Text the searched fields contain, or a Salesforce id or Stripe id matched exactly.</param>
    /// <param name="where">Another condition (<c>Pricebook2Id = '01s…'</c>), or <see langword="null"/>.</param>
    /// <param name="sort">The sort (<see cref="CatalogueKind.SortKeys"/>); by name, A to Z, when <see langword="null"/>.</param>
    public async Task<KeysetPage<CatalogueRow>> ReadAsync(
        CatalogueKind kind, string? search, SoqlQuery? where, KeysetRequest page, ListQuery? sort, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(page);
        var sortField = kind.SortField(sort?.Sort ?? CatalogueKind.NameSort);
        var sortBy = Soql.Identifier(sortField);
        // Reading backward, the order and the comparison turn round; KeysetPage turns the rows back.
        var descending = (sort?.Descending ?? false) != page.Backward;
        var conditions = new List<SoqlQuery>();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var text = search.Trim();
            var match = Soql.Query($"{Soql.Identifier(PackageFields.StripeId)} = {text}");
            foreach (var field in kind.SearchFields)
            {
                match = Soql.Query($"{match} OR {Soql.Identifier(field)} LIKE {SoqlLikePattern.Contains(text)}");
            }

            if (IsSalesforceId(text))
            {
                match = Soql.Query($"{match} OR Id = {text}");
            }

            conditions.Add(Soql.Query($"({match})"));
        }

        if (where is not null)
        {
            conditions.Add(where);
        }

        if (page.Cursor is [var value, var cursorId] && IsSalesforceId(cursorId))
        {
            conditions.Add((sortField == "Id", descending) switch
            {
                (true, false) => Soql.Query($"Id > {cursorId}"),
                (true, true) => Soql.Query($"Id < {cursorId}"),
                (false, false) => Soql.Query($"({sortBy} > {value} OR ({sortBy} = {value} AND Id > {cursorId}))"),
                (false, true) => Soql.Query($"({sortBy} < {value} OR ({sortBy} = {value} AND Id < {cursorId}))"),
            });
        }

        var fields = Soql.Fields(kind.Fields.Select(f => f.Field).Prepend(PackageFields.StripeId).Prepend("Id"));
        var query = Soql.Query($"SELECT {fields} FROM {Soql.Identifier(kind.ObjectType)}");
        for (var i = 0; i < conditions.Count; i++)
        {
            query = i == 0 ? Soql.Query($"{query} WHERE {conditions[i]}") : Soql.Query($"{query} AND {conditions[i]}");
        }

        query = (sortField == "Id", descending) switch
        {
            (true, false) => Soql.Query($"{query} ORDER BY Id ASC LIMIT {page.FetchSize}"),
            (true, true) => Soql.Query($"{query} ORDER BY Id DESC LIMIT {page.FetchSize}"),
            (false, false) => Soql.Query($"{query} ORDER BY {sortBy} ASC, Id ASC LIMIT {page.FetchSize}"),
            (false, true) => Soql.Query($"{query} ORDER BY {sortBy} DESC, Id DESC LIMIT {page.FetchSize}"),
        };
        var result = await salesforce.QueryPageAsync(query, cancellationToken: cancellationToken);
        var rows = result.Records.Select(r => new CatalogueRow(
            (string)r["Id"]!, (string?)r[PackageFields.StripeId], [.. kind.Fields.Select(f => Text(r, f.Field))])).ToList();
        var sortColumn = kind.Fields.ToList().FindIndex(f => string.Equals(f.Field, sortField, StringComparison.OrdinalIgnoreCase));
        return KeysetPage<CatalogueRow>.From(rows, page, r => KeysetCursor.Encode(sortColumn < 0 ? r.Id : r.Values[sortColumn] ?? "", r.Id));
    }

    /// <summary>A field's value as text, following a relationship (<c>Product2.Name</c>).</summary>
    public static string? Text(JsonObject record, string field)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(field);
        JsonNode? node = record;
        foreach (var part in field.Split('.'))
        {
            node = node is JsonObject parent ? parent[part] : null;
        }

        return node switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => node.ToJsonString(),
        };
    }

    public static bool IsSalesforceId(string text) =>
        text.Length is 15 or 18 && text.All(char.IsAsciiLetterOrDigit);
}
