using System.Text.Json.Nodes;
using CpqSync.Core.Planning;
using CpqSync.Core.Tests.Support;

namespace CpqSync.Core.Tests;

/// <summary>Runs every scenario file under <c>Scenarios/</c>: records in, expected plan or errors out.</summary>
public class ScenarioTests
{
    public static TheoryData<string> Scenarios() => new(Scenario.All());

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario_produces_the_expected_plan(string scenario)
    {
        var loaded = Scenario.Load(scenario);
        var result = loaded.Plan();
        var json = PlanJson.Serialize(result);
        DumpForReview(scenario, json);

        var mismatch = JsonSubset.FindMismatch(loaded.Expected, JsonNode.Parse(json));

        Assert.True(mismatch is null, $"{scenario}\n{mismatch}\n--- actual plan ---\n{json}");
    }

    /// <summary>Set CPQSYNC_SCENARIO_DUMP to a folder to get every actual plan written there for review.</summary>
    private static void DumpForReview(string scenario, string json)
    {
        if (Environment.GetEnvironmentVariable("CPQSYNC_SCENARIO_DUMP") is { Length: > 0 } folder)
        {
            var path = Path.Combine(folder, scenario);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, json);
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario_plan_does_not_depend_on_record_order(string scenario)
    {
        var loaded = Scenario.Load(scenario);

        var forward = PlanJson.Serialize(loaded.Plan());
        var reversed = PlanJson.Serialize(loaded.Plan(static records => records.Reverse()));

        Assert.Equal(forward, reversed);
    }
}
