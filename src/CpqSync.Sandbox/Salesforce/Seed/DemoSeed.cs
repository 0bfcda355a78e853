using CpqSync.Sandbox.Salesforce.Org;

namespace CpqSync.Sandbox.Salesforce.Seed;

/// <summary>
/// The <c>demo</c> seed: a small CPQ org with the cases a sync meets. Dates count from the first day of the month the
/// org is seeded in (the anchor); ids are the same on every run. The README lists what it holds.
/// </summary>
internal static class DemoSeed
{
    public static void Run(DmlEngine dml)
    {
        var w = new SeedWriter(dml);
        var anchor = w.Anchor;
        var catalog = DemoCatalog.Create(w);
        var deals = new DemoDealWriter(w, catalog);

        var acme = Customer(w, "Acme Corporation", "USD", "Jane", "Doe", "500 Main Street", "Houston", "TX", "77002", "US");
        var globex = Customer(w, "Globex GmbH", "EUR", "Hans", "Gruber", "Friedrichstraße 68", "Berlin", "BE", "10117", "DE");
        var initech = Customer(w, "Initech KK", "JPY", "Yui", "Tanaka", "1-1 Marunouchi, Chiyoda-ku", "Tokyo", "13", "100-0005", "JP");
        var umbrella = Customer(w, "Umbrella Health", "USD", "Alice", "Abernathy", "1 Raccoon Way", "Denver", "CO", "80202", "US");
        var wayne = Customer(w, "Wayne Enterprises", "USD", "Lucius", "Fox", "1007 Mountain Drive", "Gotham", "NJ", "07001", "US");
        var hooli = Customer(w, "Hooli", "USD", "Gavin", "Belson", "1 Hacker Way", "Palo Alto", "CA", "94301", "US");
        var stark = Customer(w, "Stark Industries", "USD", "Pepper", "Potts", "10880 Malibu Point", "Malibu", "CA", "90265", "US");

        // Termed subscriptions, one per billing frequency, in three currencies.
        var acmeNew = deals.Write(new DemoDeal("Acme: platform, onboarding and API usage", acme, "USD", anchor, 12,
            [new("platform", 10), new("onboarding", 1), new("api", 1)]));
        deals.Write(new DemoDeal("Globex: analytics through the partner price book", globex, "EUR", anchor, 12,
            [new("analytics", 3), new("onboarding", 1)]) { Partner = true });
        var initechNew = deals.Write(new DemoDeal("Initech: enterprise licences", initech, "JPY", anchor, 12, [new("enterprise", 2)]));
        var umbrellaNew = deals.Write(new DemoDeal("Umbrella: premium support", umbrella, "USD", anchor, 12, [new("support", 1)]));

        // MDQ: one line per yearly segment of a three-year ramp.
        deals.Write(new DemoDeal("Wayne: seats ramp over three years", wayne, "USD", anchor, 36,
            [new("seats", 10) { Segment = 1 }, new("seats", 20) { Segment = 2 }, new("seats", 30) { Segment = 3 }]));

        // Evergreen: no end date, term 1, starting the day the org is seeded (backdated evergreen orders are a sync error).
        deals.Write(new DemoDeal("Hooli: managed hosting (evergreen)", hooli, "USD", w.Today, 1, [new("hosting", 2)]) { Evergreen = true });

        // Amendment three months in: five more platform seats, co-terminating with the initial order.
        deals.Write(new DemoDeal("Acme amendment: +5 platform seats", acme, "USD", anchor.AddMonths(3), 9,
            [new("platform", 5) { Revises = acmeNew.OrderItems[0], ContractAction = "Quantity Increase" }])
        {
            OrderType = "Amendment",
            AmendedContract = acmeNew.Contract,
        });

        // Renewal of Initech's contract, contiguous with it.
        deals.Write(new DemoDeal("Initech renewal: second year", initech, "JPY", anchor.AddMonths(12), 12, [new("enterprise", 2)])
        {
            OrderType = "Renewal",
            RenewedContract = initechNew.Contract,
        });

        // Cancellation: an amendment that takes the support line to zero half-way through.
        deals.Write(new DemoDeal("Umbrella cancellation: support to zero", umbrella, "USD", anchor.AddMonths(6), 6,
            [new("support", -1) { Revises = umbrellaNew.OrderItems[0], ContractAction = "Cancel" }])
        {
            OrderType = "Amendment",
            AmendedContract = umbrellaNew.Contract,
        });

        // Drafts: generated from accepted quotes but not activated yet.
        deals.Write(new DemoDeal("Globex draft: premium support", globex, "EUR", anchor.AddMonths(1), 12, [new("support", 2)])
        {
            Partner = true,
            Activate = false,
        });
        deals.Write(new DemoDeal("Acme draft: analytics", acme, "USD", anchor.AddMonths(1), 12, [new("analytics", 1)]) { Activate = false });

        // Orders a sync must reject with a clear error (docs/behaviour.md §12.1).
        // Its product has no billing frequency, which bills monthly; the empty quote start date is what fails.
        deals.Write(new DemoDeal("Invalid (REQUIRED_MAPPING_EMPTY): quote without a start date", stark, "USD", anchor, 12,
            [new("custom", 1)]) { QuoteStartDate = false });
        deals.Write(new DemoDeal("Invalid (BILLING_FREQUENCY_UNSUPPORTED): Invoice Plan billing", stark, "USD", anchor, 12,
            [new("milestone", 1)]));
        deals.Write(new DemoDeal("Invalid (ORDER_NO_QUOTE): order not generated from a quote", stark, "USD", anchor, 12,
            [new("platform", 1)]) { WithQuote = false });
        deals.Write(new DemoDeal("Invalid (QUANTITY_NOT_INTEGER): decimal quantity", stark, "USD", anchor, 12, [new("platform", 2.5m)]));
        deals.Write(new DemoDeal("Invalid (MIXED_BILLING_INTERVALS): monthly and annual lines", stark, "USD", anchor, 12,
            [new("platform", 1), new("enterprise", 1)]));
        deals.Write(new DemoDeal("Invalid (METERED_QUANTITY_GT_ONE): usage line with quantity 5", stark, "USD", anchor, 12, [new("api", 5)]));
        var starkNew = deals.Write(new DemoDeal("Stark: platform (valid initial order)", stark, "USD", anchor, 12, [new("platform", 3)]));
        if (!w.Info.MultiCurrency)
        {
            return; // The currency case needs a second currency.
        }

        deals.Write(new DemoDeal("Invalid (currency): amendment in EUR of a USD contract", stark, "EUR", anchor.AddMonths(3), 9,
            [new("platform", 1) { Revises = starkNew.OrderItems[0], ContractAction = "Quantity Increase" }])
        {
            OrderType = "Amendment",
            AmendedContract = starkNew.Contract,
        });
    }

    private static DemoCustomer Customer(
        SeedWriter w, string name, string currency, string first, string last, string street, string city, string state, string postalCode, string country)
    {
        var account = w.Insert("Account",
            ("Name", name),
            ("CurrencyIsoCode", currency),
            ("Type", "Customer - Direct"),
            ("Industry", "Technology"),
            ("Phone", "+1 555 0100"),
            ("Website", "https://" + name.Split(' ')[0].ToLowerInvariant() + ".example"),
            ("Description", $"Demo customer billed in {currency}"),
            ("BillingStreet", street), ("BillingCity", city), ("BillingState", state), ("BillingPostalCode", postalCode), ("BillingCountry", country),
            ("ShippingStreet", street), ("ShippingCity", city), ("ShippingState", state), ("ShippingPostalCode", postalCode), ("ShippingCountry", country));
        var contact = w.Insert("Contact",
            ("AccountId", account),
            ("FirstName", first),
            ("LastName", last),
            ("Email", $"{first}.{last}@{name.Split(' ')[0]}.example".ToLowerInvariant()),
            ("Title", "Head of Finance"),
            ("CurrencyIsoCode", currency),
            ("MailingStreet", street), ("MailingCity", city), ("MailingState", state), ("MailingPostalCode", postalCode), ("MailingCountry", country));
        return new DemoCustomer(account, contact, name);
    }
}
