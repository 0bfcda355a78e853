using System.Text.Json.Nodes;
using CpqSync.Engine.Filters;
using CpqSync.Engine.Tests.Support;
using CpqSync.Salesforce;

namespace CpqSync.Engine.Tests.Filters;

/// <summary>Sync filters checked against the emulated org's describe and run as SOQL against it.</summary>
public sealed class SyncFilterTests(DemoOrgFixture fixture) : IClassFixture<DemoOrgFixture>
{
    private SalesforceClient Client => fixture.Org.Client;

    [Fact]
    public async Task The_default_filter_keeps_only_activated_orders()
    {
        var preferences = new SyncPreferences();
        var conditions = await OrderSyncConditions.CreateAsync(preferences, Client, TestCancellation.Token);

        var statuses = await OrderFieldAsync("Status", conditions.ForOrder()!);

        Assert.Equal("(Status = 'Activated')", conditions.ForOrder()!.Text);
        Assert.NotEmpty(statuses);
        Assert.All(statuses, s => Assert.Equal("Activated", s));
    }

    [Fact]
    public async Task Conditions_reach_the_order_from_its_lines_and_include_the_start_date()
    {
        var preferences = new SyncPreferences { StartDate = new DateOnly(2020, 1, 1) };
        var conditions = await OrderSyncConditions.CreateAsync(preferences, Client, TestCancellation.Token);

        var lineQuery = Soql.Query($"SELECT Id, Order.Status FROM OrderItem WHERE {conditions.ForOrderItem()!}");
        var lines = await ToListAsync(Client.QueryAsync(lineQuery, cancellationToken: TestCancellation.Token));

        Assert.Equal("(Order.ActivatedDate >= 2020-01-01T00:00:00Z) AND (Order.Status = 'Activated')", conditions.ForOrderItem()!.Text);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal("Activated", l["Order"]!["Status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_hostile_value_stays_a_value_and_cannot_widen_the_query()
    {
        const string hostile = "' OR Name != '";
        var filter = SyncFilter.Create("Order", "Name", FilterOperator.EqualTo, hostile);
        Assert.Empty(await SyncFilterValidator.ValidateAsync([filter], Client, TestCancellation.Token));

        var matches = await OrderFieldAsync("Id", SyncFilterCompiler.Compile(filter));
        var startsWith = await OrderFieldAsync("Id", SyncFilterCompiler.Compile(SyncFilter.Create("Order", "Name", FilterOperator.StartsWith, "%' OR Name LIKE '%")));
        var inList = await OrderFieldAsync("Id", SyncFilterCompiler.Compile(SyncFilter.Create("Order", "Name", FilterOperator.In, "a') OR (Name != 'b", "c")));

        Assert.Empty(matches);
        Assert.Empty(startsWith);
        Assert.Empty(inList);
        Assert.NotEmpty(await OrderFieldAsync("Id", Soql.Query($"Name != {hostile}")));
    }

    [Fact]
    public async Task Every_operator_compiles_to_a_query_the_org_accepts()
    {
        SyncFilter[] filters =
        [
            SyncFilter.Create("Order", "Status", FilterOperator.NotEqualTo, "Draft"),
            SyncFilter.Create("Order", "EffectiveDate", FilterOperator.GreaterThanOrEqualTo, new DateOnly(2000, 1, 1)),
            SyncFilter.Create("Order", "EffectiveDate", FilterOperator.LessThan, new DateOnly(2100, 1, 1)),
            SyncFilter.Create("Order", "TotalAmount", FilterOperator.GreaterThan, -1m),
            SyncFilter.Create("Order", "TotalAmount", FilterOperator.LessThanOrEqualTo, 1_000_000_000),
            SyncFilter.Create("Order", "Status", FilterOperator.In, "Activated", "Draft"),
            SyncFilter.Create("Order", "Status", FilterOperator.NotIn, "Draft"),
            SyncFilter.Create("Order", "Status", FilterOperator.Like, "Act_vated%"),
            SyncFilter.Create("Order", "Status", FilterOperator.StartsWith, "Activ"),
            SyncFilter.Create("Order", "Stripe_ID__c", FilterOperator.IsNull),
            SyncFilter.Create("Order", "AccountId", FilterOperator.IsNotNull),
            SyncFilter.Create("Order", "IsReductionOrder", FilterOperator.EqualTo, false),
            SyncFilter.Create("Account", "Name", FilterOperator.IsNotNull),
        ];
        var preferences = new SyncPreferences { Filters = filters };

        var conditions = await OrderSyncConditions.CreateAsync(preferences, Client, TestCancellation.Token);
        var statuses = await OrderFieldAsync("Status", conditions.ForOrder()!);

        Assert.NotEmpty(statuses);
        Assert.All(statuses, s => Assert.Equal("Activated", s));
    }

    [Theory]
    [InlineData("Order", "NoSuchField__c", "Order has no field 'NoSuchField__c'")]
    [InlineData("Order", "Description", "can't filter on Order.Description")]
    [InlineData("Opportunity", "Name", "filters apply to Order, Account, Product2, PricebookEntry")]
    public async Task A_filter_on_a_field_that_cannot_be_filtered_names_the_filter_and_field(string objectName, string field, string expected)
    {
        var filter = SyncFilter.Create(objectName, field, FilterOperator.IsNotNull);

        var error = await Assert.ThrowsAsync<SyncFilterException>(
            () => OrderSyncConditions.CreateAsync(new SyncPreferences { Filters = [filter] }, Client, TestCancellation.Token));

        Assert.Contains($"Filter '{objectName}.{field} IsNotNull'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Values_must_fit_the_field_and_known_picklist_values()
    {
        SyncFilter[] filters =
        [
            SyncFilter.Create("Order", "Status", FilterOperator.EqualTo, "Activ"),
            SyncFilter.Create("Order", "TotalAmount", FilterOperator.GreaterThan, "100"),
            SyncFilter.Create("Order", "EffectiveDate", FilterOperator.EqualTo, 2026),
            SyncFilter.Create("Order", "IsReductionOrder", FilterOperator.GreaterThan, true),
            SyncFilter.Create("Order", "TotalAmount", FilterOperator.StartsWith, "1"),
            SyncFilter.Create("Order", "Status", FilterOperator.In),
            SyncFilter.Create("Order", "Status", FilterOperator.IsNull, "Draft"),
        ];

        var errors = await SyncFilterValidator.ValidateAsync(filters, Client, TestCancellation.Token);

        Assert.Equal(filters, errors.Select(e => e.Filter));
        Assert.Contains("'Activ' is not a value of the picklist Status", errors[0].ToString(), StringComparison.Ordinal);
        Assert.Contains("the text '100' does not fit TotalAmount, a currency field", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("does not fit EffectiveDate, a date field", errors[2].Message, StringComparison.Ordinal);
        Assert.Contains("can't compare the boolean field IsReductionOrder", errors[3].Message, StringComparison.Ordinal);
        Assert.Contains("needs a text field", errors[4].Message, StringComparison.Ordinal);
        Assert.Contains("at least one value", errors[5].Message, StringComparison.Ordinal);
        Assert.Contains("takes no value", errors[6].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_name_that_is_not_an_identifier_never_reaches_a_query()
    {
        var filter = SyncFilter.Create("Order", "Name = 'x' OR Id", FilterOperator.IsNull);

        Assert.Throws<ArgumentException>(() => SyncFilterCompiler.Compile(filter));
    }

    private async Task<List<string>> OrderFieldAsync(string field, SoqlQuery condition)
    {
        var query = Soql.Query($"SELECT {Soql.Identifier(field)} FROM Order WHERE {condition}");
        var records = await ToListAsync(Client.QueryAsync(query, cancellationToken: TestCancellation.Token));
        return records.Select(r => r[field]!.GetValue<string>()).ToList();
    }

    private static async Task<List<JsonObject>> ToListAsync(IAsyncEnumerable<JsonObject> records)
    {
        var list = new List<JsonObject>();
        await foreach (var record in records)
        {
            list.Add(record);
        }

        return list;
    }
}
