using System.Globalization;
using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>
/// What a price charges for a quantity, as Stripe's pricing docs define it: per unit (after <c>transform_quantity</c>),
/// volume tiers (the whole quantity at the tier it falls in) or graduated tiers (each unit at its own tier), flat
/// amounts included, in the price's currency or one of its <c>currency_options</c>; rounded to whole minor units.
/// </summary>
internal static class PriceMath
{
    public static long Amount(JsonObject price, long quantity, string currency)
    {
        var source = price["currency"]!.GetValue<string>() == currency
            ? price
            : price["_currency_options"]?[currency]?.AsObject() ?? price;
        var tiers = source == price ? price["_tiers"] as JsonArray : source["tiers"] as JsonArray;
        decimal amount;
        if (price["billing_scheme"]?.GetValue<string>() == "tiered" && tiers is not null)
        {
            amount = price["tiers_mode"]!.GetValue<string>() == "volume" ? Volume(tiers, quantity) : Graduated(tiers, quantity);
        }
        else
        {
            amount = Decimal(source["unit_amount_decimal"]) * Transformed(price, quantity);
        }

        return (long)decimal.Round(amount, MidpointRounding.AwayFromZero);
    }

    private static decimal Transformed(JsonObject price, long quantity)
    {
        if (price["transform_quantity"] is not JsonObject transform)
        {
            return quantity;
        }

        var divided = (decimal)quantity / transform["divide_by"]!.GetValue<long>();
        return transform["round"]!.GetValue<string>() == "up" ? decimal.Ceiling(divided) : decimal.Floor(divided);
    }

    private static decimal Volume(JsonArray tiers, long quantity)
    {
        var tier = tiers.Select(t => t!.AsObject()).First(t => t["up_to"] is null || quantity <= t["up_to"]!.GetValue<long>());
        return (Decimal(tier["unit_amount_decimal"]) * quantity) + Decimal(tier["flat_amount_decimal"]);
    }

    private static decimal Graduated(JsonArray tiers, long quantity)
    {
        decimal total = 0;
        long previous = 0;
        foreach (var tier in tiers.Select(t => t!.AsObject()))
        {
            if (quantity <= previous)
            {
                break;
            }

            var upTo = tier["up_to"]?.GetValue<long>() ?? long.MaxValue;
            var units = Math.Min(quantity, upTo) - previous;
            total += (Decimal(tier["unit_amount_decimal"]) * units) + Decimal(tier["flat_amount_decimal"]);
            previous = upTo;
        }

        return total;
    }

    private static decimal Decimal(JsonNode? value) =>
        value is null ? 0 : decimal.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture);
}
