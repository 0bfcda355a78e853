using CpqSync.Core.Configuration;
using CpqSync.Core.Errors;
using CpqSync.Core.Mapping;
using CpqSync.Core.Records;
using CpqSync.Core.Salesforce;

namespace CpqSync.Core.Planning;

/// <summary>
/// Quote and quote-line Stripe coupons → Stripe coupons and <c>discounts</c> (docs/behaviour.md §9). CpqSync reads the coupon
/// associations itself and writes the <c>Order_Stripe_Coupon__c</c> copies as write-backs (no Apex trigger).
/// </summary>
internal static class CouponPlanner
{
    /// <summary>Order-level coupons: <c>discounts</c> of every phase of the order.</summary>
    public static List<StripeParams> ForOrder(PlanContext context, SfRecord order, SfRecord quote, string currency)
    {
        if (!context.Settings.Coupons)
        {
            return [];
        }

        var coupons = context.Records.Children(PackageFields.QuoteCouponAssociationObject, PackageFields.CouponAssociation.Quote, quote.Id)
            .Select(a => context.Records.Follow(a, PackageFields.CouponAssociation.Coupon)).OfType<SfRecord>().ToList();
        return Discounts(context, coupons, order, PackageFields.OrderCoupon.Order, currency);
    }

    /// <summary>Line-level coupons: <c>discounts</c> of the line's phase item.</summary>
    public static List<StripeParams> ForLine(PlanContext context, SfRecord line, string currency)
    {
        var quoteLine = line.GetString("SBQQ__QuoteLine__c");
        if (!context.Settings.Coupons || quoteLine is null)
        {
            return [];
        }

        var coupons = context.Records.Children(PackageFields.QuoteLineCouponAssociationObject, PackageFields.CouponAssociation.QuoteLine, quoteLine)
            .Select(a => context.Records.Follow(a, PackageFields.CouponAssociation.Coupon)).OfType<SfRecord>().ToList();
        return Discounts(context, coupons, line, PackageFields.OrderCoupon.OrderItem, currency);
    }

    private static List<StripeParams> Discounts(PlanContext context, List<SfRecord> coupons, SfRecord owner, string ownerField, string currency)
    {
        var copies = context.Records.Children(PackageFields.OrderCouponObject, ownerField, owner.Id).ToList();
        if (copies.Count > 0 && copies.Count != coupons.Count)
        {
            throw context.Failure(SyncErrorCode.CouponAssociationMismatch, owner, null);
        }

        var discounts = new List<StripeParams>(coupons.Count);
        foreach (var coupon in coupons)
        {
            var id = Ensure(context, coupon, currency);
            var copy = copies.FirstOrDefault(c => c.GetString(PackageFields.OrderCoupon.QuoteCouponId) == coupon.Id);
            if (!context.Once($"coupon-copy:{owner.Id}:{coupon.Id}"))
            {
                // Already copied while building an earlier phase.
            }
            else if (copy is null)
            {
                context.CreateRecord(PackageFields.OrderCouponObject, Copy(coupon, owner, ownerField, id));
            }
            else if (copy.GetString(PackageFields.StripeId) != id.Text)
            {
                context.WriteBack(copy, PackageFields.StripeId, id);
            }

            discounts.Add(new StripeParams().Set("coupon", id));
        }

        return discounts;
    }

    /// <summary>Reuses the quote coupon's Stripe coupon while it is unchanged; Stripe coupons are immutable.</summary>
    private static ParamValue Ensure(PlanContext context, SfRecord coupon, string orderCurrency)
    {
        var operationId = $"coupon:{coupon.Id}";
        if (context.HasOperation(operationId))
        {
            return ParamValue.Reference(operationId);
        }

        var parameters = Parameters(context, coupon, orderCurrency);
        var existing = coupon.GetString(PackageFields.StripeId);
        if (existing is not null && context.Stripe.Coupons.TryGetValue(existing, out var known) && Same(parameters, known))
        {
            return ParamValue.Literal(existing);
        }

        var created = context.AddOperation(operationId, StripeOperationKind.CreateCoupon, "/v1/coupons", null, parameters, coupon);
        context.WriteBackId(coupon, created, "coupons");
        return created;
    }

    private static StripeParams Parameters(PlanContext context, SfRecord coupon, string orderCurrency)
    {
        var parameters = new StripeParams().SetIfPresent("name", coupon.GetString(PackageFields.Coupon.Name));
        if (coupon.GetDecimal(PackageFields.Coupon.PercentOff) is { } percent)
        {
            parameters.Set("percent_off", Amounts.Format(percent));
        }
        else if (coupon.GetDecimal(PackageFields.Coupon.AmountOff) is { } amount)
        {
            var currency = coupon.GetString("CurrencyIsoCode")?.ToLowerInvariant() ?? orderCurrency;
            if (currency != orderCurrency)
            {
                throw context.Failure(SyncErrorCode.CouponCurrencyMismatch, coupon, "CurrencyIsoCode", coupon.Id, currency, orderCurrency);
            }

            parameters.Set("amount_off", Amounts.ToWholeMinorUnits(amount, currency)).Set("currency", currency);
        }

        parameters.SetIfPresent("duration", coupon.GetString(PackageFields.Coupon.Duration));
        if (coupon.GetDecimal(PackageFields.Coupon.DurationInMonths) is { } months)
        {
            parameters.Set("duration_in_months", (long)months);
        }

        if (coupon.GetDecimal(PackageFields.Coupon.MaxRedemptions) is { } redemptions)
        {
            parameters.Set("max_redemptions", (long)redemptions);
        }

        parameters.Set("metadata", context.Metadata(coupon));
        FieldMappingApplier.Apply(context, StripeObjectKeys.Coupon, parameters, coupon);
        return parameters;
    }

    private static readonly string[] ComparedFields = ["name", "amount_off", "percent_off", "duration", "duration_in_months", "currency"];

    private static bool Same(StripeParams parameters, IReadOnlyDictionary<string, string> known) =>
        ComparedFields.All(f => parameters.GetText(f) == known.GetValueOrDefault(f));

    private static List<KeyValuePair<string, ParamValue>> Copy(SfRecord coupon, SfRecord owner, string ownerField, ParamValue stripeId)
    {
        var fields = new List<KeyValuePair<string, ParamValue>> { new(ownerField, ParamValue.Literal(owner.Id)), new(PackageFields.OrderCoupon.QuoteCouponId, ParamValue.Literal(coupon.Id)) };
        foreach (var field in (string[])[.. PackageFields.Coupon.Terms, "CurrencyIsoCode"])
        {
            if (FieldMappingApplier.ToText(coupon.Get(field)) is { } value)
            {
                fields.Add(new(field, ParamValue.Literal(value)));
            }
        }

        fields.Add(new(PackageFields.StripeId, stripeId));
        return fields;
    }
}
