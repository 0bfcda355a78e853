using CpqSync.Core.Mapping;
using CpqSync.Core.Planning;
using CpqSync.Core.Records;
using CpqSync.Core.Stripe;

namespace CpqSync.Core.Tests.Support;

/// <summary>
/// Plays a plan the way the engine will, without Stripe: each operation "creates" an object with a predictable
/// id, write-backs land on the records, and the Stripe state learns the created objects. Lets tests re-plan
/// after a sync.
/// </summary>
public static class PlanApplier
{
    public static (List<SfRecord> Records, StripeState Stripe) Apply(SyncPlan plan, IEnumerable<SfRecord> records, StripeState stripe)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var customers = new HashSet<string>(stripe.Customers);
        var products = new HashSet<string>(stripe.Products);
        var prices = new Dictionary<string, IReadOnlyDictionary<string, string>>(stripe.Prices);
        var coupons = new Dictionary<string, IReadOnlyDictionary<string, string>>(stripe.Coupons);
        var schedules = new Dictionary<string, StripeScheduleState>(stripe.Schedules);
        var subscriptions = new Dictionary<string, string>(stripe.Subscriptions);
        var invoices = new HashSet<string>(stripe.Invoices);
        foreach (var operation in plan.Operations)
        {
            string Resolve(ParamValue value) => value.Resolve(r => ids[r]);
            var id = operation.Target is { } target ? Resolve(target) : $"{Prefix(operation.Kind)}_{ids.Count + 1}";
            ids[operation.Id] = id;
            var parameters = operation.Params.ToDictionary(static p => p.Key, p => Resolve(p.Value));
            switch (operation.Kind)
            {
                case StripeOperationKind.CreateCustomer: customers.Add(id); break;
                case StripeOperationKind.CreateProduct: products.Add(id); break;
                case StripeOperationKind.CreatePrice:
                    prices[id] = parameters.Where(static p => PriceData.IsCompared(p.Key)).ToDictionary();
                    break;
                case StripeOperationKind.CreateCoupon: coupons[id] = parameters; break;
                case StripeOperationKind.CreateSubscriptionSchedule:
                    schedules[id] = new StripeScheduleState(id, "not_started", []);
                    break;
                case StripeOperationKind.CreateSubscription: subscriptions[id] = "active"; break;
                case StripeOperationKind.CreateInvoice: invoices.Add(id); break;
            }
        }

        var byId = records.ToDictionary(static r => r.Id);
        foreach (var write in plan.WriteBacks.Where(static w => w.Kind == SalesforceWriteKind.Update))
        {
            var record = byId[write.RecordId!];
            foreach (var (field, value) in write.Fields)
            {
                record = record.With(field, value.Resolve(r => ids[r]));
            }

            byId[record.Id] = record;
        }

        return (byId.Values.ToList(), new StripeState
        {
            Customers = customers, Products = products, Prices = prices, Coupons = coupons,
            Schedules = schedules, Subscriptions = subscriptions, Invoices = invoices,
        });
    }

    private static string Prefix(StripeOperationKind kind) => kind switch
    {
        StripeOperationKind.CreateCustomer => "cus",
        StripeOperationKind.CreateProduct => "prod",
        StripeOperationKind.CreatePrice => "price",
        StripeOperationKind.CreateCoupon => "co",
        StripeOperationKind.CreateSubscriptionSchedule => "sub_sched",
        StripeOperationKind.CreateSubscription => "sub",
        StripeOperationKind.CreateInvoice => "in",
        _ => "obj",
    };
}
