using CpqSync.Core.Errors;
using CpqSync.Core.Mapping;
using CpqSync.Core.Records;

namespace CpqSync.Core.Planning;

/// <summary>Consumption schedules and rates → tiered price parameters (docs/behaviour.md §3.8).</summary>
internal static class TierBuilder
{
    /// <summary>Field names of one consumption schedule/rate flavour (PBE path or order-line path).</summary>
    internal sealed record Names(string Type, string RatingMethod, string RateObject, string RateParent, string UpperBound,
        string LowerBound, string PricingMethod, string Price);

    private static readonly Names ProductNames = new("Type", "RatingMethod", "ConsumptionRate", "ConsumptionScheduleId",
        "UpperBound", "LowerBound", "PricingMethod", "Price");

    private static readonly Names OrderItemNames = new("SBQQ__Type__c", "SBQQ__RatingMethod__c", "SBQQ__OrderItemConsumptionRate__c",
        "SBQQ__OrderItemConsumptionSchedule__c", "SBQQ__UpperBound__c", "SBQQ__LowerBound__c", "SBQQ__PricingMethod__c", "SBQQ__Price__c");

    /// <summary>The product's active tier-rated schedule, via <c>ProductConsumptionSchedule</c>.</summary>
    public static (SfRecord Schedule, Names Names)? ForProduct(PlanContext context, SfRecord product, SfRecord line)
    {
        var schedules = context.Records.Children("ProductConsumptionSchedule", "ProductId", product.Id)
            .Select(link => context.Records.Follow(link, "ConsumptionSchedule"))
            .OfType<SfRecord>()
            .Where(s => !s.GetBool("IsDeleted") && (!s.Has("IsActive") || s.GetBool("IsActive"))
                && (s.GetString("RatingMethod") ?? "Tier") == "Tier")
            .ToList();
        return Single(context, schedules, line, ProductNames);
    }

    /// <summary>The order line's own schedule (<c>SBQQ__OrderItemConsumptionSchedule__c</c>).</summary>
    public static (SfRecord Schedule, Names Names)? ForOrderItem(PlanContext context, SfRecord line)
    {
        var schedules = context.Records.Children("SBQQ__OrderItemConsumptionSchedule__c", "SBQQ__OrderItem__c", line.Id)
            .Where(s => !s.GetBool("IsDeleted"))
            .ToList();
        return Single(context, schedules, line, OrderItemNames);
    }

    private static (SfRecord, Names)? Single(PlanContext context, List<SfRecord> schedules, SfRecord line, Names names) =>
        schedules.Count switch
        {
            0 => null,
            1 => (schedules[0], names),
            _ => throw context.Failure(SyncErrorCode.MultipleConsumptionSchedules, line, null),
        };

    /// <summary>Sets <c>billing_scheme=tiered</c>, <c>tiers_mode</c> and <c>tiers</c> on <paramref name="price"/>.</summary>
    public static void Apply(PlanContext context, StripeParams price, SfRecord schedule, Names names, string currency)
    {
        var mode = schedule.GetString(names.Type) switch
        {
            "Slab" => "graduated",
            "Range" => "volume",
            _ => throw context.Failure(SyncErrorCode.ConsumptionScheduleTypeUnsupported, schedule, names.Type),
        };

        // Rate processing order is ignored (docs/behaviour.md §3.8): tiers follow their bounds, the unbounded one last.
        var rates = context.Records.Children(names.RateObject, names.RateParent, schedule.Id)
            .Where(r => !r.GetBool("IsDeleted"))
            .OrderBy(r => r.GetDecimal(names.UpperBound) is null ? 1 : 0)
            .ThenBy(r => r.GetDecimal(names.UpperBound) ?? 0)
            .ThenBy(r => r.GetDecimal(names.LowerBound) ?? 0)
            .ToList();

        var tiers = new List<StripeParams>(rates.Count);
        var unbounded = 0;
        foreach (var rate in rates)
        {
            var tier = new StripeParams();
            var upper = rate.GetDecimal(names.UpperBound);
            if (upper is null)
            {
                unbounded++;
                tier.Set("up_to", "inf");
            }
            else if (!Amounts.IsWhole(upper.Value))
            {
                throw context.Failure(SyncErrorCode.TierBoundDecimal, rate, names.UpperBound);
            }
            else
            {
                tier.Set("up_to", Amounts.Format(upper.Value));
            }

            var amount = Amounts.Format(Amounts.ToMinorUnits(rate.GetDecimal(names.Price) ?? 0m, currency));
            switch (rate.GetString(names.PricingMethod))
            {
                case "PerUnit" or "Per Unit":
                    tier.Set("unit_amount_decimal", amount);
                    break;
                case "FlatFee" or "Flat Fee":
                    tier.Set("flat_amount_decimal", amount);
                    break;
                default:
                    throw context.Failure(SyncErrorCode.PricingMethodUnsupported, rate, names.PricingMethod);
            }

            tiers.Add(tier);
        }

        if (unbounded > 1)
        {
            throw context.Failure(SyncErrorCode.DuplicateInfiniteTier, schedule, null);
        }

        price.Set("billing_scheme", "tiered").Set("tiers_mode", mode).Set("tiers", tiers);
    }
}
