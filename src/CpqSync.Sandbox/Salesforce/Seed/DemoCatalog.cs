namespace CpqSync.Sandbox.Salesforce.Seed;

/// <summary>One demo product: its CPQ subscription settings and its price per billing period in USD.</summary>
internal sealed record DemoProduct(
    string Key,
    string Name,
    string Code,
    string Family,
    string ChargeType,
    string? BillingFrequency,
    string? BillingType,
    string? SubscriptionType,
    int? Term,
    decimal UsdPrice)
{
    /// <summary>Recurring products have a subscription pricing; the subscription type alone says nothing (every product is Renewable).</summary>
    public bool IsRecurring => ChargeType != "One-Time";

    /// <summary>The subscription type the org holds: CPQ defaults it to Renewable on every product, one-time ones included.</summary>
    public string OrgSubscriptionType => SubscriptionType ?? "Renewable";

    /// <summary>Months per billing period, or null for one-time products and unsupported frequencies.</summary>
    public int? FrequencyMonths => BillingFrequency switch
    {
        "Monthly" => 1,
        "Quarterly" => 3,
        "Semiannual" => 6,
        "Annual" => 12,
        _ => null,
    };
}

/// <summary>
/// The demo catalog: products of every charge type and billing frequency, an MDQ and an evergreen product, a usage
/// product with a tiered consumption schedule, and USD/EUR/JPY prices in the standard and a partner price book.
/// </summary>
internal sealed class DemoCatalog
{
    public static readonly IReadOnlyList<DemoProduct> Products =
    [
        new("platform", "Platform Subscription", "PLAT-M", "Software", "Recurring", "Monthly", "Advance", "Renewable", 12, 100m),
        new("analytics", "Analytics Add-on", "ANLY-Q", "Software", "Recurring", "Quarterly", "Advance", "Renewable", 12, 300m),
        new("support", "Premium Support", "SUPP-S", "Services", "Recurring", "Semiannual", "Advance", "Renewable", 12, 600m),
        new("enterprise", "Enterprise License", "ENT-A", "Software", "Recurring", "Annual", "Advance", "Renewable", 12, 12000m),
        new("onboarding", "Onboarding Package", "ONB-1", "Services", "One-Time", null, null, null, null, 2500m),
        new("api", "API Calls", "API-U", "Usage", "Usage", "Monthly", "Arrears", "Renewable", 12, 0m),
        new("seats", "Seats (yearly ramp)", "SEAT-Y", "Software", "Recurring", "Annual", "Advance", "Renewable", 12, 1200m),
        new("hosting", "Managed Hosting", "HOST-E", "Services", "Recurring", "Monthly", "Advance", "Evergreen", 1, 50m),
        new("custom", "Custom Services", "CUST-X", "Services", "Recurring", null, "Advance", "Renewable", 12, 500m),
        new("milestone", "Milestone Billing", "MILE-P", "Services", "Recurring", "Invoice Plan", "Advance", "Renewable", 12, 1000m),
    ];

    public static readonly IReadOnlyList<string> Currencies = ["USD", "EUR", "JPY"];

    private readonly Dictionary<string, string> _productIds = [];
    private readonly Dictionary<(string Product, string Pricebook, string Currency), (string Id, decimal Price)> _entries = [];

    private DemoCatalog(string partnerPricebook)
    {
        PartnerPricebook = partnerPricebook;
    }

    public string PartnerPricebook { get; }

    public string ConsumptionSchedule { get; private set; } = "";

    public string SeatsDimension { get; private set; } = "";

    public static DemoProduct Product(string key) => Products.Single(p => p.Key == key);

    public string ProductId(string key) => _productIds[key];

    public (string Id, decimal Price) Entry(string product, string pricebook, string currency) => _entries[(product, pricebook, currency)];

    /// <summary>Per billing period: EUR at 0.92 and JPY (no minor unit) at 150 yen per dollar; the partner book is 10 % off.</summary>
    public static decimal Price(decimal usd, string currency, bool partner)
    {
        var price = currency switch
        {
            "EUR" => Math.Round(usd * 0.92m, 2),
            "JPY" => Math.Round(usd * 150m, 0),
            _ => usd,
        };
        return partner ? Math.Round(price * 0.9m, currency == "JPY" ? 0 : 2) : price;
    }

    public static DemoCatalog Create(SeedWriter w)
    {
        var standard = w.Info.StandardPricebookId;
        var partner = w.Insert("Pricebook2",
            ("Name", "Partner Price Book"), ("Description", "Resellers: 10% off list"), ("IsActive", true));
        var catalog = new DemoCatalog(partner);
        foreach (var p in Products)
        {
            // The subscription type is left to the org's default (Renewable) where the product sets none.
            var id = w.Insert("Product2", [
                ("Name", p.Name),
                ("ProductCode", p.Code),
                ("Family", p.Family),
                ("Description", $"{p.Name} ({p.ChargeType}{(p.BillingFrequency is null ? "" : ", billed " + p.BillingFrequency)})"),
                ("IsActive", true),
                ("SBQQ__ChargeType__c", p.ChargeType),
                ("SBQQ__BillingFrequency__c", p.BillingFrequency),
                ("SBQQ__BillingType__c", p.BillingType),
                .. (p.SubscriptionType is null ? [] : new (string, object?)[] { ("SBQQ__SubscriptionType__c", p.SubscriptionType) }),
                ("SBQQ__SubscriptionPricing__c", p.IsRecurring ? "Fixed Price" : null),
                ("SBQQ__SubscriptionTerm__c", p.Term),
                ("SBQQ__PricingMethod__c", "List"),
                ("SBQQ__DefaultQuantity__c", 1m),
                ("SBQQ__HasConsumptionSchedule__c", p.Key == "api"),
            ]);
            catalog._productIds[p.Key] = id;
            foreach (var (book, isPartner) in new[] { (standard, false), (partner, true) })
            {
                foreach (var currency in Currencies.Where(w.Info.ActiveCurrencies.Contains))
                {
                    var price = Price(p.UsdPrice, currency, isPartner);
                    var entry = w.Insert("PricebookEntry",
                        ("Pricebook2Id", book), ("Product2Id", id), ("CurrencyIsoCode", currency), ("UnitPrice", price), ("IsActive", true));
                    catalog._entries[(p.Key, book, currency)] = (entry, price);
                }
            }
        }

        catalog.ConsumptionSchedule = CreateUsageTiers(w, catalog.ProductId("api"));
        catalog.SeatsDimension = w.Insert("SBQQ__Dimension__c",
            ("Name", "Yearly Ramp"), ("SBQQ__Type__c", "Year"), ("SBQQ__Product__c", catalog.ProductId("seats")));
        w.Update("Product2", catalog.ProductId("seats"), ("SBQQ__SubscriptionPricing__c", "Fixed Price"));
        return catalog;
    }

    /// <summary>The usage tiers (graduated): first 1,000 calls at 0.10, up to 10,000 at 0.08, beyond at 0.05.</summary>
    public static readonly IReadOnlyList<(int Lower, int? Upper, decimal Price)> UsageTiers =
        [(1, 1000, 0.10m), (1000, 10000, 0.08m), (10000, null, 0.05m)];

    private static string CreateUsageTiers(SeedWriter w, string product)
    {
        var schedule = w.Insert("ConsumptionSchedule",
            ("Name", "API Calls tiers"), ("Type", "Slab"), ("RatingMethod", "Tier"), ("BillingTerm", 1), ("BillingTermUnit", "Month"),
            ("UnitOfMeasure", "Calls"), ("Description", "Graduated per-call pricing"));
        var order = 1;
        foreach (var (lower, upper, price) in UsageTiers)
        {
            w.Insert("ConsumptionRate",
                ("ConsumptionScheduleId", schedule), ("ProcessingOrder", order++), ("LowerBound", lower), ("UpperBound", upper),
                ("PricingMethod", "PerUnit"), ("Price", price));
        }

        w.Update("ConsumptionSchedule", schedule, ("IsActive", true));
        w.Insert("ProductConsumptionSchedule", ("ProductId", product), ("ConsumptionScheduleId", schedule));
        return schedule;
    }
}
