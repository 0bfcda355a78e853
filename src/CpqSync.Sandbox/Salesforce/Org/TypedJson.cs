using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Data;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>Builds a request body from CLR values (the org's own automation and the seeds write through DML too).</summary>
internal static class TypedJson
{
    public static JsonObject From(IEnumerable<(string Field, object? Value)> fields)
    {
        var json = new JsonObject();
        foreach (var (field, value) in fields)
        {
            json[field] = value switch
            {
                null => null,
                string s => s,
                bool b => b,
                int i => i,
                decimal d => d,
                DateOnly date => SalesforceJson.FormatDate(date),
                DateTimeOffset dateTime => SalesforceJson.FormatDateTime(dateTime),
                _ => throw new ArgumentException($"Unsupported value {value.GetType().Name} for {field}."),
            };
        }

        return json;
    }
}
