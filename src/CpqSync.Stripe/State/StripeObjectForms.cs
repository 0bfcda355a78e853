using System.Globalization;
using CpqSync.Core.Mapping;
using CpqSync.Core.Stripe;
using Stripe;

namespace CpqSync.Stripe.State;

/// <summary>Stripe objects → the shapes the planner compares them in (<see cref="StripeState"/>).</summary>
internal static class StripeObjectForms
{
    /// <summary>
    /// The price's compared keys (<see cref="PriceData.ComparedKeys"/>) in form encoding, written the way the planner
    /// writes them: amounts as decimal text without trailing zeros, the last tier's <c>up_to</c> as <c>inf</c>, and
    /// only the keys Stripe holds a value for.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Price(Price price)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        Add(form, "currency", price.Currency);
        Add(form, "billing_scheme", price.BillingScheme);
        Add(form, "unit_amount_decimal", Amount(price.UnitAmountDecimal));
        Add(form, "tiers_mode", price.TiersMode);
        if (price.Tiers is { } tiers)
        {
            for (var i = 0; i < tiers.Count; i++)
            {
                var tier = tiers[i];
                var prefix = string.Create(CultureInfo.InvariantCulture, $"tiers[{i}]");
                form[prefix + "[up_to]"] = tier.UpTo is { } upTo ? upTo.ToString(CultureInfo.InvariantCulture) : "inf";
                Add(form, prefix + "[unit_amount_decimal]", Amount(tier.UnitAmountDecimal));
                Add(form, prefix + "[flat_amount_decimal]", Amount(tier.FlatAmountDecimal));
            }
        }

        if (price.Recurring is { } recurring)
        {
            Add(form, "recurring[interval]", recurring.Interval);
            form["recurring[interval_count]"] = recurring.IntervalCount.ToString(CultureInfo.InvariantCulture);
            Add(form, "recurring[usage_type]", recurring.UsageType);
        }

        return form;
    }

    /// <summary>The coupon fields the planner compares: name, amount_off, percent_off, duration, duration_in_months, currency.</summary>
    public static IReadOnlyDictionary<string, string> Coupon(Coupon coupon)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        Add(fields, "name", coupon.Name);
        Add(fields, "amount_off", coupon.AmountOff?.ToString(CultureInfo.InvariantCulture));
        Add(fields, "percent_off", Amount(coupon.PercentOff));
        Add(fields, "duration", coupon.Duration);
        Add(fields, "duration_in_months", coupon.DurationInMonths?.ToString(CultureInfo.InvariantCulture));
        Add(fields, "currency", coupon.Currency);
        return fields;
    }

    public static StripeScheduleState Schedule(SubscriptionSchedule schedule) => new(
        schedule.Id,
        schedule.Status,
        (schedule.Phases ?? []).Select(static p => new StripeSchedulePhase(
            Timestamp(p.StartDate), Timestamp(p.EndDate), new Dictionary<string, string>(p.Metadata ?? [], StringComparer.Ordinal))).ToList(),
        schedule.SubscriptionId ?? schedule.ReleasedSubscription);

    public static StripeSubscriptionItem Item(SubscriptionItem item, string orderItemKey) =>
        new(item.Id, item.Price?.Id ?? string.Empty, item.Quantity, item.Metadata?.GetValueOrDefault(orderItemKey));

    /// <remarks>Stripe.net reads Stripe's Unix timestamps into UTC <see cref="DateTime"/> values; this turns them back.</remarks>
    private static long Timestamp(DateTime value) =>
        new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)).ToUnixTimeSeconds();

    private static string? Amount(decimal? value) => value is { } amount ? Amounts.Format(amount) : null;

    private static void Add(Dictionary<string, string> form, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            form[key] = value;
        }
    }
}
