using CpqSync.Sandbox.Salesforce.Org;

namespace CpqSync.Sandbox.Salesforce.Seed;

/// <summary>N generated orders for load tests.</summary>
internal static class ScaleSeed
{
    public static void Run(DmlEngine dml, int orders) => _ = (dml, orders);
}
