namespace CpqSync.Engine.Tests.Sync;

/// <summary>What syncing each activated demo order leads to today, by the order's description.</summary>
internal static class DemoSeed
{
    /// <summary>Orders that become Stripe objects (the initial orders carry the Stripe id written back).</summary>
    public static IReadOnlyList<string> Synced { get; } =
    [
        "Globex: analytics through the partner price book",
        "Initech: enterprise licences",
        "Umbrella: premium support",
        "Wayne: seats ramp over three years",
        "Hooli: managed hosting (evergreen)",
        "Initech renewal: second year",
        "Stark: platform (valid initial order)",
    ];

    /// <summary>An amendment that syncs once its contract's initial order has (the queue runs them in contract order).</summary>
    public const string SyncedAmendment = "Umbrella cancellation: support to zero";

    /// <summary>Orders the seed means to fail, with the catalogue code their Error Sync Record carries.</summary>
    public static IReadOnlyDictionary<string, string> Refused { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Invalid (REQUIRED_MAPPING_EMPTY): product without billing frequency"] = "REQUIRED_MAPPING_EMPTY",
        ["Invalid (BILLING_FREQUENCY_UNSUPPORTED): Invoice Plan billing"] = "BILLING_FREQUENCY_UNSUPPORTED",
        ["Invalid (ORDER_NO_QUOTE): order not generated from a quote"] = "ORDER_NO_QUOTE",
        ["Invalid (QUANTITY_NOT_INTEGER): decimal quantity"] = "QUANTITY_NOT_INTEGER",
        ["Invalid (MIXED_BILLING_INTERVALS): monthly and annual lines"] = "MIXED_BILLING_INTERVALS",
        ["Invalid (METERED_QUANTITY_GT_ONE): usage line with quantity 5"] = "METERED_QUANTITY_GT_ONE",
        ["Invalid (currency): amendment in EUR of a USD contract"] = "MIXED_CURRENCIES",
    };

    /// <summary>
    /// The demo usage order. Today Stripe refuses its metered price ("Missing required param: recurring[meter]"): the
    /// planner does not create billing meters yet (wip/core). When it does, this order moves to <see cref="Synced"/>
    /// and its amendment to <see cref="SyncedAmendment"/>'s company.
    /// </summary>
    public const string UsageOrder = "Acme: platform, onboarding and API usage";

    /// <summary>Waits for <see cref="UsageOrder"/>: planned with no operation while its initial order is not in Stripe (no Sync Record).</summary>
    public const string UsageAmendment = "Acme amendment: +5 platform seats";

    public static int OrderCount => Synced.Count + 1 + Refused.Count + 2;
}
