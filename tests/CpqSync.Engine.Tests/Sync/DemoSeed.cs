namespace CpqSync.Engine.Tests.Sync;

/// <summary>What syncing each activated demo order leads to today, by the order's description.</summary>
internal static class DemoSeed
{
    /// <summary>Orders that become Stripe objects (the initial orders carry the Stripe id written back): the valid ones but the usage order.</summary>
    public static IReadOnlyList<string> Synced { get; } =
        ((IEnumerable<object[]>)DemoOrderPreviewTests.Valid).Select(static row => (string)row[0]).Where(static d => d != UsageOrder).ToList();

    /// <summary>An amendment that syncs once its contract's initial order has (the queue runs them in contract order).</summary>
    public const string SyncedAmendment = "Umbrella cancellation: support to zero";

    /// <summary>Orders the seed means to fail, with the catalogue code their Error Sync Record carries.</summary>
    public static IReadOnlyDictionary<string, string> Refused { get; } =
        ((IEnumerable<object[]>)DemoOrderPreviewTests.Invalid).Select(static row => ((string)row[0], (string)row[1]))
            .Append(("Invalid (REQUIRED_MAPPING_EMPTY): quote without a start date", "REQUIRED_MAPPING_EMPTY"))
            .Append(("Invalid (currency): amendment in EUR of a USD contract", "MIXED_CURRENCIES"))
            .ToDictionary(static p => p.Item1, static p => p.Item2, StringComparer.Ordinal);

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
