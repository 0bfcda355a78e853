using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Http;
using CpqSync.Sandbox.Stripe.Store;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>
/// <c>/v1/test_helpers/test_clocks</c>: customers created with a <c>test_clock</c> live on its frozen time; advancing it
/// moves their schedules through their phases, starts and ends subscriptions and applies <c>end_behavior</c>. The
/// advance runs at once; the answer says <c>advancing</c> like Stripe's, and the clock reads <c>ready</c> afterwards.
/// </summary>
internal static class TestClockApi
{
    private const string Kind = "test_helpers.test_clock";
    private const string Noun = "test_clock";

    public static void Map(StripeRouter router)
    {
        router.Post("/v1/test_helpers/test_clocks", Create);
        router.Get("/v1/test_helpers/test_clocks", List);
        router.Get("/v1/test_helpers/test_clocks/{id}", Retrieve);
        router.Delete("/v1/test_helpers/test_clocks/{id}", Delete);
        router.Post("/v1/test_helpers/test_clocks/{id}/advance", Advance);
    }

    private static JsonObject Create(StripeRequest request)
    {
        var p = request.Params.Allow("frozen_time", "name");
        var frozen = p.Timestamp("frozen_time") ?? throw StripeErrorException.Missing("frozen_time");
        var clock = new JsonObject
        {
            ["id"] = StripeIds.New("clock_", 24),
            ["object"] = Kind,
            ["created"] = request.Now,
            ["deletes_after"] = request.Now + (30 * 86_400),
            ["frozen_time"] = frozen,
            ["livemode"] = false,
            ["name"] = p.NonEmpty("name"),
            ["status"] = "ready",
            ["status_details"] = new JsonObject(),
        };
        request.Account.Store.Add(clock);
        return request.Account.Render(clock);
    }

    private static JsonObject Retrieve(StripeRequest request)
    {
        request.Params.Allow();
        return request.Account.Render(request.Account.Store.Get(Kind, request.Route(), Noun));
    }

    private static JsonObject Advance(StripeRequest request)
    {
        var p = request.Params.Allow("frozen_time");
        var clock = request.Account.Store.Get(Kind, request.Route(), Noun);
        var frozen = p.Timestamp("frozen_time") ?? throw StripeErrorException.Missing("frozen_time");
        if (frozen <= clock["frozen_time"]!.GetValue<long>())
        {
            throw StripeErrorException.Invalid(
                "The test clock can only be advanced to a time after its current frozen_time.", "frozen_time");
        }

        clock["frozen_time"] = frozen;
        ScheduleEngine.AdvanceClock(request.Account, clock["id"]!.GetValue<string>());
        var shown = request.Account.Render(clock);
        shown["status"] = "advancing";
        return shown;
    }

    /// <summary>
    /// Deleting a clock deletes what lives on it, as Stripe does: its customers with their subscription schedules,
    /// subscriptions (and their items), invoices and invoice items. Nothing is left pointing at a deleted customer.
    /// </summary>
    private static JsonObject Delete(StripeRequest request)
    {
        request.Params.Allow();
        var store = request.Account.Store;
        var clock = store.Get(Kind, request.Route(), Noun);
        var id = clock["id"]!.GetValue<string>();
        var customers = store.NewestFirst("customer").Where(c => c["test_clock"]?.GetValue<string>() == id)
            .Select(static c => c["id"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var subscriptions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kind in new[] { "subscription_schedule", "subscription", "invoice", "invoiceitem" })
        {
            foreach (var owned in store.NewestFirst(kind).Where(o => o["customer"]?.GetValue<string>() is { } c && customers.Contains(c)).ToList())
            {
                var ownedId = owned["id"]!.GetValue<string>();
                if (kind == "subscription")
                {
                    subscriptions.Add(ownedId);
                }

                store.Remove(kind, ownedId);
            }
        }

        foreach (var item in store.NewestFirst("subscription_item")
            .Where(i => i["subscription"]?.GetValue<string>() is { } s && subscriptions.Contains(s)).ToList())
        {
            store.Remove("subscription_item", item["id"]!.GetValue<string>());
        }

        foreach (var customer in customers)
        {
            store.Remove("customer", customer);
        }

        request.Account.Store.Remove(Kind, id);
        return new JsonObject { ["id"] = id, ["object"] = Kind, ["deleted"] = true };
    }

    private static JsonObject List(StripeRequest request)
    {
        request.Params.Allow(ListPage.Parameters.Split(','));
        return Listing.List(request, Kind, Noun, _ => true, "/v1/test_helpers/test_clocks");
    }
}
