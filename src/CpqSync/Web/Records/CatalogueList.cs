using System.Text.Json.Nodes;
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
public sealed record CatalogueKind(
    string ObjectType, string Title, string Path, IReadOnlyList<(string Field, string Title)> Fields, IReadOnlyList<string> SearchFields)
{
    public const string StripeIdField = "Stripe_ID__c";

    public static CatalogueKind Accounts { get; } = new(
        "Account", "Accounts", "/accounts", [("Name", "Name")], ["Name"]);

    public static CatalogueKind Products { get; } = new(
        "Product2", "Products", "/products", [("Name", "Name"), ("ProductCode", "Code"), ("IsActive", "Active")], ["Name", "ProductCode"]);

    public static CatalogueKind PricebookEntries { get; } = new(
        "PricebookEntry", "Price book entries", "/pricebook-entries",
        [("Product2.Name", "Product"), ("Pricebook2.Name", "Price book"), ("UnitPrice", "Unit price"), ("IsActive", "Active")],
        ["Product2.Name", "ProductCode"]);

    public static IReadOnlyList<CatalogueKind> All { get; } = [Accounts, Products, PricebookEntries];

    public static CatalogueKind? Of(string objectType) =>
        All.FirstOrDefault(k => string.Equals(k.ObjectType, objectType, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One row: the record's id, its Stripe object's id, and the shown fields' values as text.</summary>
public sealed record CatalogueRow(string Id, string? StripeId, IReadOnlyList<string?> Values);

/// <summary>
/// Reads a page of a <see cref="CatalogueKind"/> from Salesforce: one SOQL query, keyset-paginated on <c>Id</c> (the
/// order Salesforce creates records in), never an offset, so page 2,000 costs what page 1 does.
/// </summary>
public sealed class CatalogueList(SalesforceClient salesforce)
{
    /// <param name="search">Text the searched fields contain, or a Salesforce id or Stripe id matched exactly.</param>
    /// <param name="where">Another condition (<c>Pricebook2Id = '01s…'</c>), or <see langword="null"/>.</param>
    public async Task<KeysetPage<CatalogueRow>> ReadAsync(
        CatalogueKind kind, string? search, SoqlQuery? where, KeysetRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(page);
        var conditions = new List<SoqlQuery>();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var text = search.Trim();
            var match = Soql.Query($"{Soql.Identifier(CatalogueKind.StripeIdField)} = {text}");
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

        if (page.Cursor is [var cursorId] && IsSalesforceId(cursorId))
        {
            conditions.Add(page.Backward ? Soql.Query($"Id < {cursorId}") : Soql.Query($"Id > {cursorId}"));
        }

        var fields = Soql.Fields(kind.Fields.Select(f => f.Field).Prepend(CatalogueKind.StripeIdField).Prepend("Id"));
        var query = Soql.Query($"SELECT {fields} FROM {Soql.Identifier(kind.ObjectType)}");
        for (var i = 0; i < conditions.Count; i++)
        {
            query = i == 0 ? Soql.Query($"{query} WHERE {conditions[i]}") : Soql.Query($"{query} AND {conditions[i]}");
        }

        query = page.Backward
            ? Soql.Query($"{query} ORDER BY Id DESC LIMIT {page.FetchSize}")
            : Soql.Query($"{query} ORDER BY Id ASC LIMIT {page.FetchSize}");
        var result = await salesforce.QueryPageAsync(query, cancellationToken: cancellationToken);
        var rows = result.Records.Select(r => new CatalogueRow(
            (string)r["Id"]!, (string?)r[CatalogueKind.StripeIdField], [.. kind.Fields.Select(f => Text(r, f.Field))])).ToList();
        return KeysetPage<CatalogueRow>.From(rows, page, static r => KeysetCursor.Encode(r.Id));
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
