using CpqSync.Core.Planning;
using CpqSync.Core.Tests.Support;

namespace CpqSync.Core.Tests;

/// <summary>
/// Whole plans, byte for byte: the JSON users see in <c>preview</c> and the idempotency keys the engine sends must
/// not change without a reviewer noticing. After a deliberate change, regenerate the files with
/// <c>CPQSYNC_GOLDEN_UPDATE=$PWD/tests/CpqSync.Core.Tests/Golden dotnet test tests/CpqSync.Core.Tests</c> and review the diff.
/// </summary>
public class GoldenPlanTests
{
    [Theory]
    [InlineData("subscriptions/termed-order-becomes-a-schedule-with-one-phase.json", "termed-order.plan.json")]
    [InlineData("amendments/insertion-appends-a-phase-with-aggregated-items.json", "amendment-insertion.plan.json")]
    [InlineData("amendments/terminating-more-than-was-bought-fails.json", "over-termination.errors.json")]
    public void Plan_json_is_stable(string scenario, string golden)
    {
        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", golden));

        var actual = PlanJson.Serialize(SyncPlanner.Plan(Scenario.Load(scenario).ToInput()));
        if (Environment.GetEnvironmentVariable("CPQSYNC_GOLDEN_UPDATE") is { Length: > 0 } folder)
        {
            File.WriteAllText(Path.Combine(folder, golden), actual);
            return;
        }

        Assert.Equal(expected, actual);
    }
}
