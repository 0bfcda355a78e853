using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CpqSync.Engine.Backfill;
using CpqSync.Engine.Sync;
using CpqSync.Engine.Tests.Support;
using CpqSync.Salesforce;
using CpqSync.Sandbox.Stats;
using CpqSync.Stripe;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>
/// A backfill killed at a random Stripe request, then finished by a fresh engine over the same store, org and Stripe
/// account, ends exactly as a backfill that was never killed: the same Stripe objects, the same invoice and phase
/// items, the same ids written back.
/// </summary>
/// <remarks>
/// The org is the demo seed (multi-line orders, an MDQ ramp, an evergreen order, a renewal, a termination amendment)
/// with invoice-only orders of one and of four one-time lines added, and an order of two lines of one price (a price
/// clone, archived after use like every price used once: whether each price is active is compared too). Each round
/// kills the run right after the Nth Stripe request lands (the request reached Stripe, the engine never saw its
/// answer); N is drawn, seeded, from the positions of the clean run's writes, where a kill leaves an object half-made.
/// </remarks>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const int Seed = 20261207;
    private const int Rounds = 20;

    [Fact]
    public async Task A_backfill_killed_at_seeded_random_stripe_requests_and_resumed_ends_as_a_clean_backfill()
    {
        var clean = new Crash(at: int.MaxValue);
        string expected;
        await using (var org = await StartAsync(clean))
        {
            await org.Backfill.RunAsync(org.Connection, since: null, progress: null, TestCancellation.Token);
            expected = await EndStateAsync(org);
        }

        Assert.Contains("invoice ", expected, StringComparison.Ordinal);
        Assert.Contains("invoiceitem ", expected, StringComparison.Ordinal);
        var writes = clean.Writes;
        var random = new Random(Seed);
        for (var round = 0; round < Rounds; round++)
        {
            var at = writes[random.Next(writes.Count)];
            var crash = new Crash(at);
            await using var org = await StartAsync(crash);
            using (var run = CancellationTokenSource.CreateLinkedTokenSource(crash.Token))
            {
                run.CancelAfter(TimeSpan.FromSeconds(30));
                try
                {
                    await org.Backfill.RunAsync(org.Connection, since: null, progress: null, run.Token);
                }
                catch (OperationCanceledException) when (crash.Token.IsCancellationRequested)
                {
                    // Killed.
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"Round {round}: the run to kill after request {at} hung after {crash.Requests} requests.");
                }
            }

            await using (var restarted = org.NewEngine(Restarted))
            {
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                try
                {
                    await restarted.GetRequiredService<BackfillRunner>().RunAsync(org.Connection, since: null, progress: null, bound.Token);
                }
                catch (OperationCanceledException)
                {
                    var queue = await org.Storage.Monitor.GetQueueSummaryAsync(org.Connection.Id, CancellationToken.None);
                    var recent = await org.Storage.Monitor.GetRecentOutcomesAsync(new Storage.OutcomeQuery(org.Connection.Id), CancellationToken.None);
                    Assert.Fail($"Round {round}, killed after request {at} of {crash.Requests}: the resumed backfill did not finish; queue {queue}; " +
                        string.Join("; ", recent.Take(10).Select(o => $"{o.RecordId} {o.Status} {o.ErrorCode} {o.Message}")));
                }
            }

            var actual = await EndStateAsync(org);
            if (actual != expected)
            {
                output.WriteLine($"Round {round}, killed after Stripe request {at}:\n{Diff(expected, actual)}");
            }

            Assert.True(actual == expected, $"Round {round}, killed after Stripe request {at}, ends differently:\n{Diff(expected, actual)}");
        }
    }

    [Theory]
    // The invoice made, its lines not yet added.
    [InlineData("/v1/invoices", 1)]
    // The lines added in one call, the answer lost: the invoice is whole and nothing is added twice.
    [InlineData("/v1/invoices/{id}/add_lines", 1)]
    public async Task An_invoice_left_without_all_its_items_by_a_kill_gets_the_items_it_lacks(string path, int occurrence)
    {
        var crash = new Crash(at: int.MaxValue) { KillAfter = (path, occurrence) };
        await using var org = await StartAsync(crash);
        var order = (await org.ActivatedOrdersAsync())["Crash: four onboarding charges"];
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => org.Syncer.SyncAsync(org.Connection, order, SyncTrigger.Backfill, crash.Token));

        await using var restarted = org.NewEngine(Restarted);
        var resumed = await restarted.GetRequiredService<OrderSyncer>().SyncAsync(org.Connection, order, SyncTrigger.Backfill, TestCancellation.Token);

        Assert.True(resumed.Succeeded, resumed.Message);
        var invoice = Assert.Single(await org.ListStripeAsync("invoices"));
        var items = (await org.ListStripeAsync("invoiceitems")).Where(i => i["invoice"]?.GetValue<string>() == Text(invoice, "id")).ToList();
        Assert.Equal(4, items.Count);
        Assert.Equal(4, items.Select(i => i["metadata"]!["salesforce_order_item_id"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(Text(invoice, "id"), await org.StripeIdOfAsync("Order", order));
    }

    /// <summary>
    /// An invoice made an item at a time (as every invoice was before lines went in one <c>add_lines</c> call, and as one
    /// still is with a mapped <c>tax_behavior</c>, which <c>add_lines</c> does not take) and killed after its second item:
    /// the resumed sync adds the two lines it lacks in one call, and neither doubles a line nor leaves one out.
    /// </summary>
    [Fact]
    public async Task An_invoice_made_item_by_item_and_killed_half_way_gets_the_lines_it_lacks_in_one_call()
    {
        var crash = new Crash(at: int.MaxValue) { KillAfter = ("/v1/invoiceitems", 2) };
        await using var org = await StartAsync(crash);
        var order = (await org.ActivatedOrdersAsync())["Crash: four onboarding charges"];
        var itemByItem = org.Connection with
        {
            Configuration = org.Connection.Configuration with
            {
                FieldDefaults = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
                {
                    ["invoice_item"] = new Dictionary<string, string>(StringComparer.Ordinal) { ["tax_behavior"] = "exclusive" },
                },
            },
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => org.Syncer.SyncAsync(itemByItem, order, SyncTrigger.Backfill, crash.Token));
        var invoiceId = Text(Assert.Single(await org.ListStripeAsync("invoices")), "id");
        Assert.Equal(2, (await org.ListStripeAsync("invoiceitems")).Count(i => i["invoice"]?.GetValue<string>() == invoiceId));

        await using var restarted = org.NewEngine(Restarted);
        using var http = new HttpClient();
        await SandboxStatsClient.ResetAsync(http, org.Stripe.BaseUrl, TestCancellation.Token);
        var resumed = await restarted.GetRequiredService<OrderSyncer>().SyncAsync(org.Connection, order, SyncTrigger.Backfill, TestCancellation.Token);
        var wire = await SandboxStatsClient.ReadAsync(http, org.Stripe.BaseUrl, TestCancellation.Token);

        Assert.True(resumed.Succeeded, resumed.Message);
        Assert.Equal(1, wire.Endpoint("POST /v1/invoices/{id}/add_lines").Requests);
        Assert.Equal(0, wire.Endpoint("POST /v1/invoiceitems").Requests);
        Assert.Equal(0, wire.Endpoint("POST /v1/invoices").Requests);
        var items = (await org.ListStripeAsync("invoiceitems")).Where(i => i["invoice"]?.GetValue<string>() == invoiceId).ToList();
        Assert.Equal(4, items.Count);
        Assert.Equal(4, items.Select(i => i["metadata"]!["salesforce_order_item_id"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(invoiceId, await org.StripeIdOfAsync("Order", order));
    }

    [Fact]
    public async Task A_schedule_made_before_a_kill_gets_the_prices_it_used_once_archived_on_recovery()
    {
        var crash = new Crash(at: int.MaxValue) { KillAfter = ("/v1/subscription_schedules", 1) };
        await using var org = await StartAsync(crash);
        var order = (await org.ActivatedOrdersAsync())[TwoLinesOnOnePrice];
        // A nickname on the price book's prices: Stripe cannot take such a price inline, so the second line bills on a clone.
        var connection = org.Connection with
        {
            Configuration = org.Connection.Configuration with
            {
                FieldDefaults = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
                {
                    ["price"] = new Dictionary<string, string>(StringComparer.Ordinal) { ["nickname"] = "Price book price" },
                },
            },
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => org.Syncer.SyncAsync(connection, order, SyncTrigger.Backfill, crash.Token));
        Assert.Contains(await UsedOnceAsync(org), static p => p["active"]!.GetValue<bool>());

        await using var restarted = org.NewEngine(Restarted);
        var resumed = await restarted.GetRequiredService<OrderSyncer>().SyncAsync(connection, order, SyncTrigger.Backfill, TestCancellation.Token);

        Assert.True(resumed.Succeeded, resumed.Message);
        var schedule = Assert.Single(await org.ListStripeAsync("subscription_schedules"));
        Assert.Equal(Text(schedule, "id"), await org.StripeIdOfAsync("Order", order));
        var usedOnce = await UsedOnceAsync(org);
        Assert.Contains(usedOnce, static p => p["metadata"]!["salesforce_duplicate"]?.GetValue<string>() == "true");
        Assert.All(usedOnce, static p => Assert.False(p["active"]!.GetValue<bool>(), $"{p["id"]} is still active"));
        // No clone made twice: every clone is one the schedule bills on (the recovery archived the killed run's own).
        var billed = schedule["phases"]!.AsArray().OfType<JsonObject>()
            .SelectMany(static phase => phase["items"]!.AsArray().OfType<JsonObject>())
            .Select(static item => item["price"] is JsonObject expanded ? Text(expanded, "id") : item["price"]?.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);
        Assert.All(usedOnce.Where(static p => p["metadata"]!["salesforce_duplicate"] is not null), p => Assert.Contains(Text(p, "id"), billed));
    }

    /// <summary>The prices CpqSync archives after use (<c>auto_archive</c>: line prices, clones, proration prices).</summary>
    private static async Task<List<JsonObject>> UsedOnceAsync(SyncOrg org) =>
        (await org.ListStripeAsync("prices")).Where(static p => p["metadata"]?["salesforce_auto_archive"]?.GetValue<string>() == "true").ToList();

    private static async Task<SyncOrg> StartAsync(Crash crash)
    {
        var org = await SyncOrg.StartAsync(
            stripeRequestsPerSecond: 10_000, // no pacing on either side: the rounds run as fast as the engine goes
            configureWorker: o => o.LeaseDuration = TimeSpan.FromMilliseconds(300), // a killed engine's orders come back quickly
            configureServices: services =>
            {
                Fast(services);
                services.AddHttpClient("CpqSync.Stripe").AddHttpMessageHandler(() => new CrashHandler(crash));
            });
        var orders = await org.ActivatedOrdersAsync();
        var acme = orders["Acme: platform, onboarding and API usage"];
        await OrderBuilder.CopyAsync(org.Client, acme, 1, "Crash: onboarding invoice", chargeType: "One-Time");
        await OrderBuilder.CopyAsync(org.Client, acme, 4, "Crash: four onboarding charges", chargeType: "One-Time");
        await OrderBuilder.CopyAsync(org.Client, orders["Stark: platform (valid initial order)"], 2, TwoLinesOnOnePrice);
        return org;
    }

    /// <summary>
    /// An order of two lines of one price in a phase: the second bills on the price sent inline, or on a clone of it when
    /// Stripe cannot take it inline (docs/behaviour.md §3.11).
    /// </summary>
    private const string TwoLinesOnOnePrice = "Crash: two platform lines";

    /// <summary>
    /// The engine after the restart: its own leases last (the killed engine's short ones only serve to come back
    /// quickly), so a slow sync on a busy machine is never taken over by a second pass.
    /// </summary>
    private static void Restarted(IServiceCollection services)
    {
        Fast(services);
        services.PostConfigure<SyncWorkerOptions>(o => o.LeaseDuration = TimeSpan.FromMinutes(1));
    }

    /// <summary>No client-side pacing: the emulated Stripe API takes whatever the engine sends.</summary>
    private static void Fast(IServiceCollection services) =>
        services.PostConfigure<StripeOptions>(o => o.MaxRequestsPerSecond = 10_000);

    /// <summary>
    /// What Stripe holds and what Salesforce shows, in words that do not depend on Stripe's ids: each object by the
    /// Salesforce record its metadata names, each item by its line and price, each written-back id by what it names.
    /// </summary>
    private static async Task<string> EndStateAsync(SyncOrg org)
    {
        var listedPrices = await org.ListStripeAsync("prices");
        var prices = listedPrices.ToDictionary(p => Text(p, "id")!, Price, StringComparer.Ordinal);
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = new List<string>();

        foreach (var customer in await org.ListStripeAsync("customers"))
        {
            named[Text(customer, "id")!] = $"customer of {Meta(customer)}";
            lines.Add($"customer {Meta(customer)}");
        }

        foreach (var product in await org.ListStripeAsync("products"))
        {
            named[Text(product, "id")!] = $"product of {Meta(product)}";
            lines.Add($"product {Meta(product)} {Text(product, "name")} active={product["active"]}");
        }

        var active = listedPrices.ToDictionary(p => Text(p, "id")!, p => p["active"]?.GetValue<bool>(), StringComparer.Ordinal);
        foreach (var (id, price) in prices)
        {
            named[id] = price;
            // Whether it is active too: a price used once (a clone, a line's own price) is archived after use (docs/behaviour.md §4.11).
            lines.Add($"{price} active={active[id]}");
        }

        foreach (var schedule in await org.ListStripeAsync("subscription_schedules"))
        {
            named[Text(schedule, "id")!] = $"schedule of {Meta(schedule)}";
            var phases = schedule["phases"]!.AsArray().OfType<JsonObject>().Select(phase =>
                $"[{phase["start_date"]}-{phase["end_date"]} items {Items(phase["items"], prices)} invoice items {Items(phase["add_invoice_items"], prices)}]");
            lines.Add($"schedule {Meta(schedule)} {Text(schedule, "status")} {string.Join(" ", phases)}");
        }

        foreach (var subscription in await org.ListStripeAsync("subscriptions"))
        {
            named[Text(subscription, "id")!] = $"subscription of {Meta(subscription)}";
            lines.Add($"subscription {Meta(subscription)} {Text(subscription, "status")} items {Items(subscription["items"]?["data"], prices)}");
        }

        var invoices = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var invoice in await org.ListStripeAsync("invoices"))
        {
            invoices[Text(invoice, "id")!] = Meta(invoice);
            named[Text(invoice, "id")!] = $"invoice of {Meta(invoice)}";
            lines.Add($"invoice {Meta(invoice)} {Text(invoice, "status")}");
        }

        foreach (var item in await org.ListStripeAsync("invoiceitems"))
        {
            var on = item["invoice"]?.GetValue<string>() is { } invoice ? invoices.GetValueOrDefault(invoice, "an unknown invoice") : "no invoice";
            lines.Add($"invoiceitem on {on} for {Meta(item)} {PriceOf(item, prices)} x{item["quantity"]} {item["amount"]}");
        }

        foreach (var type in new[] { "Account", "Product2", "Order", "OrderItem", "PricebookEntry" })
        {
            await foreach (var record in org.Client.QueryAsync(
                Soql.Query($"SELECT Id, Stripe_ID__c FROM {Soql.Identifier(type)} WHERE Stripe_ID__c != null"), cancellationToken: TestCancellation.Token))
            {
                var stripeId = Text(record, "Stripe_ID__c")!;
                lines.Add($"{type} {Text(record, "Id")} shows {named.GetValueOrDefault(stripeId, "an id Stripe does not list")}");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join("\n", lines);
    }

    /// <summary>A price by what it bills (whether it is active is listed beside it, not in the names of the items using it).</summary>
    private static string Price(JsonObject price) =>
        $"price of {Meta(price)} {Text(price, "currency")} {Text(price, "unit_amount_decimal")} {price["recurring"]?["interval"]} " +
        $"{price["recurring"]?["interval_count"]}";

    private static string Items(JsonNode? items, IReadOnlyDictionary<string, string> prices) =>
        items is JsonArray array
            ? "{" + string.Join("; ", array.OfType<JsonObject>().Select(i => $"{PriceOf(i, prices)} x{i["quantity"]}").Order(StringComparer.Ordinal)) + "}"
            : "{}";

    private static string PriceOf(JsonObject item, IReadOnlyDictionary<string, string> prices)
    {
        var price = item["price"] switch
        {
            JsonValue id => id.GetValue<string>(),
            JsonObject expanded => Text(expanded, "id"),
            _ => item["pricing"]?["price_details"]?["price"]?.GetValue<string>(),
        };
        return price is null ? "no price" : prices.GetValueOrDefault(price, "an unknown price");
    }

    /// <summary>The Salesforce records an object's metadata names (<c>salesforce_*_id</c>, not the Stripe ids it copies), sorted.</summary>
    private static string Meta(JsonObject stripeObject) =>
        stripeObject["metadata"] is JsonObject metadata
            ? string.Join(",", metadata.Where(static m => m.Key.EndsWith("_id", StringComparison.Ordinal) && !m.Key.Contains("stripe", StringComparison.Ordinal))
                .Select(static m => $"{m.Key}={m.Value}").Order(StringComparer.Ordinal))
            : "";

    private static string? Text(JsonObject json, string field) => json[field]?.GetValue<string>();

    private static string Diff(string expected, string actual)
    {
        var before = expected.Split('\n').ToHashSet(StringComparer.Ordinal);
        var after = actual.Split('\n').ToHashSet(StringComparer.Ordinal);
        return string.Join("\n", before.Except(after).Select(static l => "- " + l).Concat(after.Except(before).Select(static l => "+ " + l)));
    }

    /// <summary>Where a run dies, and the writes a clean run made (by request position).</summary>
    private sealed class Crash(int at)
    {
        private int _matched;

        /// <summary>Kills the run after the Nth POST to this path instead (its request position does not matter).</summary>
        public (string Path, int Occurrence)? KillAfter { get; init; }

        private readonly CancellationTokenSource _killed = new();
        private readonly List<int> _writes = [];
        private int _requests;

        public CancellationToken Token => _killed.Token;

        public IReadOnlyList<int> Writes
        {
            get
            {
                lock (_writes)
                {
                    return [.. _writes];
                }
            }
        }

        public int Requests => Volatile.Read(ref _requests);

        /// <summary>A request path against a pattern where <c>{id}</c> stands for one segment (<c>/v1/invoices/{id}/add_lines</c>).</summary>
        private static bool Matches(string path, string pattern) =>
            Regex.IsMatch(path, "^" + Regex.Escape(pattern).Replace(@"\{id}", "[^/]+", StringComparison.Ordinal) + "$");

        public int Next() => Interlocked.Increment(ref _requests);

        public bool IsDeadAt(int request) => request > at || _killed.IsCancellationRequested;

        public async Task<bool> LandedAsync(int request, HttpMethod method, string? path)
        {
            if (KillAfter is { } kill && method == HttpMethod.Post && path is not null && Matches(path, kill.Path)
                && Interlocked.Increment(ref _matched) == kill.Occurrence)
            {
                await _killed.CancelAsync();
                return true;
            }

            if (method == HttpMethod.Post)
            {
                lock (_writes)
                {
                    _writes.Add(request);
                }
            }

            if (request != at)
            {
                return false;
            }

            await _killed.CancelAsync();
            return true;
        }
    }

    /// <summary>Counts Stripe requests; the Nth reaches Stripe but its answer never comes back, and nothing after it leaves.</summary>
    private sealed class CrashHandler(Crash crash) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var n = crash.Next();
            if (crash.IsDeadAt(n))
            {
                throw new OperationCanceledException(crash.Token);
            }

            HttpResponseMessage? response = null;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                // The Nth request kills the run whether Stripe answered it or not.
                if (await crash.LandedAsync(n, request.Method, request.RequestUri?.AbsolutePath))
                {
                    response?.Dispose();
                    throw new OperationCanceledException(crash.Token);
                }
            }

            return response;
        }
    }
}
