using CpqSync.Core.Planning;
using CpqSync.Engine.Filters;
using CpqSync.Engine.Records;
using CpqSync.Engine.Sync;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.Tests.WriteBack;
using CpqSync.Sandbox.Stripe;
using CpqSync.Storage;
using Stripe;
using Stripe.Billing;

namespace CpqSync.Engine.Tests.Records;

/// <summary>Manual syncs of products, a price book and an account, from the demo org to the emulated Stripe API.</summary>
public sealed class RecordSyncTests
{
    [Fact]
    public async Task Syncing_products_creates_them_in_stripe_writes_back_their_ids_and_logs_a_success()
    {
        await using var org = await RecordSyncOrg.StartAsync();
        var products = await org.ProductsAsync();
        var platform = products["Platform Subscription"];
        var support = products["Premium Support"];

        var result = await org.SyncAsync(RecordSyncTarget.Products(platform, support));

        Assert.Equal(RecordSyncStatus.Succeeded, result.Status);
        Assert.Equal(new[] { platform, support }.Order(StringComparer.Ordinal), result.Items.Select(static i => i.RecordId));
        var stripeId = (await org.RetrieveAsync("Product2", platform, "Stripe_ID__c")).Text("Stripe_ID__c");
        var product = await new ProductService(org.Stripe).GetAsync(stripeId);
        Assert.Equal("Platform Subscription", product.Name);
        Assert.Equal(platform, product.Metadata["salesforce_product2_id"]);
        var record = Assert.Single(await org.SyncRecordsAsync(platform));
        Assert.Equal("Success", record.Text("Resolution_Status__c"));
        Assert.Equal(stripeId, record.Text("Stripe_Object_ID__c"));
        Assert.Equal("Product2", record.Text("Primary_Object_Type__c"));
        var outcomes = await org.Storage.Monitor.GetRecentOutcomesAsync(new OutcomeQuery(org.ConnectionId, RecordId: platform), TestCancellation.Token);
        var outcome = Assert.Single(outcomes);
        Assert.Equal(SyncStatus.Success, outcome.Status);
        Assert.Equal("Product2", outcome.ObjectType);
        Assert.False(outcome.AwaitingWriteBack);
    }

    /// <summary>
    /// An account already a customer, on a connection that does not refresh customers (docs/behaviour.md §2): nothing to
    /// do, which the store and the result call skipped, as an order sync's would be.
    /// </summary>
    [Fact]
    public async Task An_account_synced_again_with_nothing_to_do_is_skipped_and_logged_as_skipped_not_as_a_success()
    {
        await using var org = await RecordSyncOrg.StartAsync();
        var acme = (await org.AccountsAsync())["Acme Corporation"];
        var connection = org.Connection();
        connection = connection with
        {
            Configuration = connection.Configuration with
            {
                Settings = connection.Configuration.Settings with { UpdateCustomerOnOrderSync = false },
            },
        };
        Assert.Equal(RecordSyncStatus.Succeeded, (await org.Syncer.SyncAsync(connection, RecordSyncTarget.Account(acme), TestCancellation.Token)).Status);

        var again = await org.Syncer.SyncAsync(connection, RecordSyncTarget.Account(acme), TestCancellation.Token);

        Assert.Equal(RecordSyncStatus.Succeeded, again.Status);
        var item = Assert.Single(again.Items);
        Assert.Equal(OrderSyncStatus.Skipped, item.Status);
        Assert.Equal(RecordSyncItemStatus.Skipped, item.ItemStatus());
        var outcomes = await org.Storage.Monitor.GetRecentOutcomesAsync(new OutcomeQuery(org.ConnectionId, RecordId: acme), TestCancellation.Token);
        Assert.Equal([SyncStatus.Skipped, SyncStatus.Success], outcomes.Select(static o => o.Status));
    }

    [Fact]
    public async Task A_product_renamed_in_salesforce_and_synced_again_updates_its_stripe_product_instead_of_making_a_second()
    {
        await using var org = await RecordSyncOrg.StartAsync();
        var platform = (await org.ProductsAsync())["Platform Subscription"];
        Assert.Equal(RecordSyncStatus.Succeeded, (await org.SyncAsync(RecordSyncTarget.Products(platform))).Status);
        var stripeId = (await org.RetrieveAsync("Product2", platform, "Stripe_ID__c")).Text("Stripe_ID__c");

        await org.Client.UpdateAsync("Product2", platform, new System.Text.Json.Nodes.JsonObject { ["Name"] = "Platform Subscription (2027)" },
            TestCancellation.Token);
        var again = await org.SyncAsync(RecordSyncTarget.Products(platform));

        Assert.Equal(RecordSyncStatus.Succeeded, again.Status);
        Assert.Equal(stripeId, (await org.RetrieveAsync("Product2", platform, "Stripe_ID__c")).Text("Stripe_ID__c"));
        var product = Assert.Single((await new ProductService(org.Stripe).ListAsync(cancellationToken: TestCancellation.Token)).Data);
        Assert.Equal(stripeId, product.Id);
        Assert.Equal("Platform Subscription (2027)", product.Name);
        var mapped = await org.Storage.Store.FindMappingAsync(org.ConnectionId, "Product2", platform, "product", TestCancellation.Token);
        Assert.Equal(stripeId, mapped?.StripeId);
    }

    [Fact]
    public async Task An_account_whose_stripe_id_names_nothing_in_stripe_finds_its_customer_instead_of_making_a_second()
    {
        await using var org = await RecordSyncOrg.StartAsync();
        var acme = (await org.AccountsAsync())["Acme Corporation"];
        await org.SyncAsync(RecordSyncTarget.Account(acme));
        var customer = (await org.RetrieveAsync("Account", acme, "Stripe_ID__c")).Text("Stripe_ID__c");
        await org.Client.UpdateAsync("Account", acme, new System.Text.Json.Nodes.JsonObject { ["Stripe_ID__c"] = "cus_NotInStripe", ["Phone"] = "+1 555 0199" },
            TestCancellation.Token);

        var again = await org.SyncAsync(RecordSyncTarget.Account(acme));

        Assert.Equal(RecordSyncStatus.Succeeded, again.Status);
        Assert.Single((await new CustomerService(org.Stripe).ListAsync(cancellationToken: TestCancellation.Token)).Data);
        Assert.Equal(customer, (await org.RetrieveAsync("Account", acme, "Stripe_ID__c")).Text("Stripe_ID__c"));
    }

    [Fact]
    public async Task Syncing_the_standard_price_book_creates_each_entrys_price_and_reports_the_entries_that_cannot_sync()
    {
        await using var org = await RecordSyncOrg.StartAsync();
        var pricebook = await org.StandardPricebookAsync();

        var result = await org.SyncAsync(RecordSyncTarget.Pricebook(pricebook));

        var entries = await org.EntriesAsync(pricebook);
        Assert.Equal(entries.Count, result.Items.Count);
        // The demo catalogue holds one product no price can be made of (Invoice Plan billing), in each of its three
        // currencies; its product without a billing frequency is priced monthly.
        var refused = result.Items.Where(static i => !i.Succeeded).ToList();
        Assert.Equal(3, refused.Count);
        Assert.All(refused, static i => Assert.Equal(RecordSyncItemStatus.PlanRefused, i.ItemStatus()));
        Assert.Equal(["BILLING_FREQUENCY_UNSUPPORTED"], refused.Select(static i => i.ErrorCode!).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(RecordSyncStatus.Failed, result.Status);

        var platformUsd = entries.Single(static e => e["Product2"]!["Name"]!.GetValue<string>() == "Platform Subscription" && e.Text("CurrencyIsoCode") == "USD");
        var price = await new PriceService(org.Stripe).GetAsync(platformUsd.Text("Stripe_ID__c"));
        Assert.Equal("usd", price.Currency);
        Assert.Equal(10000, price.UnitAmount);
        Assert.Equal("month", price.Recurring.Interval);
        Assert.Equal(platformUsd["Id"]!.GetValue<string>(), price.Metadata["salesforce_pricebook_entry_id"]);
        Assert.Equal("Success", Assert.Single(await org.SyncRecordsAsync(platformUsd["Id"]!.GetValue<string>())).Text("Resolution_Status__c"));

        // The usage product's three currencies share one billing meter.
        var usage = entries.Where(static e => e["Product2"]!["Name"]!.GetValue<string>() == "API Calls").ToList();
        var meters = new HashSet<string>();
        foreach (var entry in usage)
        {
            meters.Add((await new PriceService(org.Stripe).GetAsync(entry.Text("Stripe_ID__c"))).Recurring.Meter);
        }

        Assert.Single(meters);
        Assert.Single((await new MeterService(org.Stripe).ListAsync()).Data);
    }

    [Fact]
    public async Task Syncing_an_account_creates_its_customer_and_shows_a_sync_record_on_it()
    {
        await using var org = await RecordSyncOrg.StartAsync();
        var acme = (await org.AccountsAsync())["Acme Corporation"];

        var result = await org.SyncAsync(RecordSyncTarget.Account(acme));

        Assert.Equal(RecordSyncStatus.Succeeded, result.Status);
        var account = await org.RetrieveAsync("Account", acme, "Stripe_ID__c", "Stripe_Customer_Link__c");
        var customer = await new CustomerService(org.Stripe).GetAsync(account.Text("Stripe_ID__c"));
        Assert.Equal("Acme Corporation", customer.Name);
        Assert.EndsWith("/customers/" + customer.Id, account.Text("Stripe_Customer_Link__c"), StringComparison.Ordinal);
        var record = Assert.Single(await org.SyncRecordsAsync(acme));
        Assert.Equal("Success", record.Text("Resolution_Status__c"));
        Assert.Equal(acme, record.Text("Account__c"));
    }

    [Fact]
    public async Task A_stripe_refusal_shows_on_the_records_sync_record_and_in_the_store()
    {
        var faults = new StripeSandboxOptions { Faults = new StripeFaultOptions { FailNextRequests = 1, ShouldRetry = false } };
        await using var org = await RecordSyncOrg.StartAsync(faults);
        var acme = (await org.AccountsAsync())["Acme Corporation"];

        var result = await org.SyncAsync(RecordSyncTarget.Account(acme));

        Assert.Equal(RecordSyncStatus.Failed, result.Status);
        var item = Assert.Single(result.Items);
        Assert.Equal(RecordSyncItemStatus.StripeFailed, item.ItemStatus());
        Assert.Equal("STRIPE_API_ERROR", item.ErrorCode);
        var record = Assert.Single(await org.SyncRecordsAsync(acme));
        Assert.Equal("Error", record.Text("Resolution_Status__c"));
        Assert.Equal("STRIPE_API_ERROR", record.Text("Error_Code__c"));
        var outcome = Assert.Single(await org.Storage.Monitor.GetRecentOutcomesAsync(new OutcomeQuery(org.ConnectionId, RecordId: acme), TestCancellation.Token));
        Assert.Equal(SyncStatus.Error, outcome.Status);
        Assert.Equal("STRIPE_API_ERROR", outcome.ErrorCode);
    }

    [Fact]
    public async Task Ids_that_name_nothing_sync_nothing_and_come_back_as_not_found()
    {
        await using var org = await RecordSyncOrg.StartAsync();
        var platform = (await org.ProductsAsync())["Platform Subscription"];

        var result = await org.SyncAsync(RecordSyncTarget.Products(platform, "01t000000000000AAA", "not an id"));
        var wrongKind = await org.SyncAsync(RecordSyncTarget.Account(platform));

        Assert.Equal(RecordSyncStatus.NotFound, result.Status);
        Assert.Equal(["01t000000000000AAA", "not an id"], result.Missing);
        Assert.Empty(result.Items);
        Assert.Equal(RecordSyncStatus.NotFound, wrongKind.Status);
        Assert.Empty((await new ProductService(org.Stripe).ListAsync()).Data);
    }

    [Fact]
    public async Task Products_the_connections_filters_exclude_are_not_synced()
    {
        await using var org = await RecordSyncOrg.StartAsync();
        var products = await org.ProductsAsync();
        var filters = new SyncPreferences
        {
            Filters = [SyncPreferences.ActivatedOrders, SyncFilter.Create("Product2", "Name", FilterOperator.NotEqualTo, "Premium Support")],
        };

        var result = await org.SyncAsync(RecordSyncTarget.Products(products["Platform Subscription"], products["Premium Support"]), filters);

        Assert.Equal(RecordSyncStatus.Succeeded, result.Status);
        Assert.Equal(products["Platform Subscription"], Assert.Single(result.Items).RecordId);
        Assert.Equal([products["Premium Support"]], result.FilteredOut);
    }
}
