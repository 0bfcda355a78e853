using System.Globalization;
using CpqSync.Core.Configuration;
using CpqSync.Core.Planning;
using CpqSync.Core.Records;
using CpqSync.Core.Stripe;

namespace CpqSync.Stripe.Tests.Support;

/// <summary>
/// Small activated CPQ orders (an account, a quote starting next month for twelve months, monthly renewable lines
/// and optional one-time lines), planned by the real <see cref="SyncPlanner"/>.
/// </summary>
public sealed class TestOrders
{
    public const string AccountId = "001000000000001AAA";
    public const string OrderId = "801000000000001AAA";
    public const string QuoteId = "a0z000000000001AAA";

    private readonly List<SfRecord> _records;
    private readonly DateTimeOffset _now;

    private TestOrders(List<SfRecord> records, DateTimeOffset now)
    {
        _records = records;
        _now = now;
    }

    public IReadOnlyList<SfRecord> Records => _records;

    /// <summary>An order with <paramref name="recurring"/> monthly lines and <paramref name="oneTime"/> one-time lines.</summary>
    public static TestOrders Termed(DateTimeOffset now, int recurring = 1, int oneTime = 1)
    {
        var start = DateOnly.FromDateTime(now.UtcDateTime).AddMonths(1);
        var records = new List<SfRecord>
        {
            Record("Account", AccountId, ("Name", "Acme Corp"), ("Description", "Rockets and anvils"), ("Stripe_ID__c", null)),
            Record("SBQQ__Quote__c", QuoteId, ("SBQQ__Account__c", AccountId), ("SBQQ__StartDate__c", start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("SBQQ__SubscriptionTerm__c", 12m), ("SBQQ__PaymentTerms__c", "Net 30"), ("SBQQ__Type__c", "Quote")),
            Record("Order", OrderId, ("AccountId", AccountId), ("SBQQ__Quote__c", QuoteId), ("Status", "Activated"), ("Type", "New"),
                ("EffectiveDate", start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("Stripe_ID__c", null)),
        };

        for (var i = 1; i <= recurring + oneTime; i++)
        {
            var isRecurring = i <= recurring;
            records.Add(Record("Product2", ProductId(i), ("Name", isRecurring ? $"Platform {i}" : $"Onboarding {i}"), ("Stripe_ID__c", null),
                ("SBQQ__SubscriptionPricing__c", isRecurring ? "Fixed Price" : null), ("SBQQ__SubscriptionType__c", isRecurring ? "Renewable" : null),
                ("SBQQ__BillingFrequency__c", isRecurring ? "Monthly" : null)));
            records.Add(Record("PricebookEntry", EntryId(i), ("Product2Id", ProductId(i)), ("UnitPrice", 100m + i), ("CurrencyIsoCode", "USD"),
                ("Stripe_ID__c", null)));
            records.Add(Record("OrderItem", Id("802", i), ("OrderId", OrderId), ("OrderItemNumber", Id("", i)), ("Product2Id", ProductId(i)),
                ("PricebookEntryId", EntryId(i)), ("Quantity", 2m), ("SBQQ__OrderedQuantity__c", 2m), ("UnitPrice", isRecurring ? 12m * (100m + i) : 100m + i),
                ("SBQQ__SubscriptionPricing__c", isRecurring ? "Fixed Price" : null), ("SBQQ__SubscriptionType__c", isRecurring ? "Renewable" : null),
                ("SBQQ__SubscriptionTerm__c", isRecurring ? 12m : null), ("SBQQ__BillingFrequency__c", isRecurring ? "Monthly" : null),
                ("SBQQ__BillingType__c", isRecurring ? "Advance" : null), ("SBQQ__Activated__c", true), ("Skip_Line_Item__c", false)));
        }

        return new TestOrders(records, now);
    }

    public const string TerminationId = "801000000000002AAA";

    /// <summary>
    /// After the order synced (its Stripe ids in <paramref name="stripeIds"/>, keyed by plan operation): a contract for
    /// it and a full termination amendment of its recurring lines starting on its start day.
    /// </summary>
    public TestOrders TerminatedOnItsStartDay(IReadOnlyDictionary<string, string> stripeIds)
    {
        const string contract = "800000000000001AAA";
        string Synced(string operation) => stripeIds[operation];
        With(AccountId, "Stripe_ID__c", Synced($"customer:{AccountId}"))
            .With(OrderId, "Stripe_ID__c", Synced($"subscription_schedule:{OrderId}")).With(OrderId, "ContractId", contract);
        foreach (var product in _records.Where(static r => r.Type == "Product2").Select(static r => r.Id).ToList())
        {
            With(product, "Stripe_ID__c", Synced($"product:{product}"));
        }

        var start = _records.Single(static r => r.Id == QuoteId).GetString("SBQQ__StartDate__c");
        _records.Add(Record("Contract", contract, ("AccountId", AccountId), ("SBQQ__Quote__c", QuoteId), ("SBQQ__Order__c", TerminationId)));
        _records.Add(Record("Opportunity", "006000000000002AAA", ("AccountId", AccountId), ("SBQQ__AmendedContract__c", contract)));
        _records.Add(Record("SBQQ__Quote__c", "a0z000000000002AAA", ("SBQQ__Account__c", AccountId), ("SBQQ__StartDate__c", start),
            ("SBQQ__SubscriptionTerm__c", 12m), ("SBQQ__Type__c", "Amendment")));
        _records.Add(Record("Order", TerminationId, ("AccountId", AccountId), ("OpportunityId", "006000000000002AAA"), ("SBQQ__Quote__c", "a0z000000000002AAA"),
            ("Status", "Activated"), ("Type", "Amendment"), ("ContractId", contract), ("Stripe_ID__c", null)));
        foreach (var line in _records.Where(static r => r.Type == "OrderItem" && r.GetString("OrderId") == OrderId && r.GetString("SBQQ__SubscriptionType__c") is not null).ToList())
        {
            _records.Add(line.With("Id", "802" + line.Id[3..^6] + "9" + line.Id[^5..]).With("OrderId", TerminationId)
                .With("Quantity", -2m).With("SBQQ__OrderedQuantity__c", -2m).With("SBQQ__RevisedOrderProduct__c", line.Id));
        }

        return this;
    }

    /// <summary>Plans <paramref name="orderId"/> (an order added by a helper above).</summary>
    public SyncPlan PlanOrder(string orderId, StripeState stripe)
    {
        var configuration = ConfigurationJson.Load("""{ "settings": { "instance_url": "https://acme.my.salesforce.com", "default_currency": "usd" } }""");
        var result = SyncPlanner.Plan(new SyncInput(new RecordSet(_records), orderId, stripe, configuration, _now));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(static e => $"{e.CodeName}: {e.Message}")));
        return result.Plan!;
    }

    public static string ProductId(int line) => Id("01t", line);

    public static string EntryId(int line) => Id("01u", line);

    /// <summary>Changes one field of one record, as an edit in Salesforce would.</summary>
    public TestOrders With(string recordId, string field, object? value)
    {
        var index = _records.FindIndex(r => r.Id == recordId);
        _records[index] = _records[index].With(field, value);
        return this;
    }

    public SyncPlan Plan(StripeState? stripe = null)
    {
        var configuration = ConfigurationJson.Load("""{ "settings": { "instance_url": "https://acme.my.salesforce.com", "default_currency": "usd" } }""");
        var result = SyncPlanner.Plan(new SyncInput(new RecordSet(_records), OrderId, stripe ?? StripeState.Empty, configuration, _now));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(static e => $"{e.CodeName}: {e.Message}")));
        return result.Plan!;
    }

    private static SfRecord Record(string type, string id, params (string Field, object? Value)[] fields) =>
        new(type, fields.Select(static f => new KeyValuePair<string, object?>(f.Field, f.Value)).Prepend(new("Id", id)));

    private static string Id(string prefix, int n) => $"{prefix}{n.ToString("D12", CultureInfo.InvariantCulture)}AAA";
}
