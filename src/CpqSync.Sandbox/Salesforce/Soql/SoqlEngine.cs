using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Soql;

// THROWAWAY STUB for the HTTP layer until the SOQL helper's code lands in main: flat SELECT ... FROM ... only.
public sealed record SoqlExecutionContext(DateTimeOffset Now, string ApiVersion, bool IncludeDeleted);

public sealed record SoqlResult(int TotalSize, IReadOnlyList<JsonObject> Records, bool IsCount);

public sealed partial class SoqlEngine(OrgSchema schema)
{
    public SoqlResult Execute(string soql, IRecordSource records, SoqlExecutionContext context)
    {
        var match = Query().Match(soql);
        if (!match.Success)
        {
            throw new SalesforceErrorException(400, "MALFORMED_QUERY", "unexpected token");
        }

        var target = schema.FindObject(match.Groups[2].Value)
            ?? throw new SalesforceErrorException(400, "INVALID_TYPE", $"sObject type '{match.Groups[2].Value}' is not supported.");
        var rows = records.Records(target.Name, context.IncludeDeleted).ToList();
        if (match.Groups[3].Success)
        {
            rows = rows.Where(r => string.Equals(r[match.Groups[3].Value]?.ToString(), match.Groups[4].Value, StringComparison.OrdinalIgnoreCase)).ToList();
        }

        if (match.Groups[5].Success)
        {
            rows = rows.OrderBy(r => r[match.Groups[5].Value]?.ToString(), StringComparer.Ordinal).ToList();
        }

        if (match.Groups[6].Success)
        {
            rows = rows.Take(int.Parse(match.Groups[6].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        }

        var fields = match.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries);
        if (fields is ["COUNT()"] || fields is ["count()"])
        {
            return new SoqlResult(rows.Count, [], true);
        }

        foreach (var field in fields.Where(f => !f.Contains('.', StringComparison.Ordinal) && target.FindField(f) is null))
        {
            throw new SalesforceErrorException(400, "INVALID_FIELD", $"No such column '{field}' on entity '{target.Name}'.");
        }

        var result = rows.Select(r =>
        {
            var json = new JsonObject { ["attributes"] = SalesforceJson.Attributes(target.Name, r.Id, context.ApiVersion) };
            foreach (var field in fields.Where(f => !f.Contains('.', StringComparison.Ordinal)))
            {
                var schemaField = target.FindField(field)!;
                json[schemaField.Name] = SalesforceJson.ToJson(r[field], schemaField.Type);
            }

            return json;
        }).ToList();
        return new SoqlResult(result.Count, result, false);
    }

    [GeneratedRegex(@"^\s*SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(\w+)\s*=\s*'([^']*)')?(?:\s+ORDER BY\s+(\w+))?(?:\s+LIMIT\s+(\d+))?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Query();
}
