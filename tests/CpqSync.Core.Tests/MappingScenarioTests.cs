using System.Text.Json;
using System.Text.Json.Nodes;
using CpqSync.Core.Configuration;
using CpqSync.Core.Planning;
using CpqSync.Core.Tests.Support;

namespace CpqSync.Core.Tests;

/// <summary>
/// Runs every file under <c>MappingScenarios/</c>: a configuration document, validated against the Salesforce
/// describe in <c>MappingScenarios/_describe.json</c> the way saving a configuration does, must yield the expected
/// errors (in the plan's error shape, as <c>preview</c> and <c>config validate</c> show them).
/// </summary>
public class MappingScenarioTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "MappingScenarios");

    public static TheoryData<string> Scenarios() => new(
        Directory.EnumerateFiles(Root, "*.json")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(static name => !name.StartsWith('_'))
            .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Saving_the_configuration_reports_the_expected_errors(string scenario)
    {
        var document = Read(scenario);
        var configuration = ConfigurationJson.Load(document["configuration"]!.ToJsonString());

        var errors = MappingValidator.Validate(configuration, LoadDescribe());
        var json = PlanJson.Serialize(PlanResult.Failure(errors));

        var mismatch = JsonSubset.FindMismatch(document["expect"], JsonNode.Parse(json));
        Assert.True(mismatch is null, $"{scenario}\n{mismatch}\n--- actual ---\n{json}");
    }

    /// <summary><c>{"Account": {"fields": {"Name": {"type": "string"}, …}, "child_relationships": ["Orders"]}, …}</c>.</summary>
    private static SalesforceDescribeCatalog LoadDescribe()
    {
        var catalog = new SalesforceDescribeCatalog();
        foreach (var (objectName, node) in Read("_describe.json"))
        {
            var fields = node!["fields"]!.AsObject().Select(static f => new SalesforceField(
                f.Key,
                (string?)f.Value!["type"] ?? "string",
                f.Value["reference_to"] is JsonValue target ? [(string)target!] : [],
                (bool?)f.Value["readable"] ?? true));
            var children = (node["child_relationships"] as JsonArray ?? []).Select(static c => (string)c!);
            catalog.Add(objectName, fields, children);
        }

        return catalog;
    }

    private static JsonObject Read(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Root, name)),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!.AsObject();
}
