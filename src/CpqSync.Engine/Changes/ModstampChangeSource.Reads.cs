using System.Globalization;
using System.Text.Json.Nodes;
using CpqSync.Salesforce;
using CpqSync.Storage;

namespace CpqSync.Engine.Changes;

/// <summary>The two reads of a poll (orders, order lines) and the rows they return.</summary>
public sealed partial class ModstampChangeSource
{
    private sealed class Source(string objectName, string fields, SoqlQuery? conditions)
    {
        public string ObjectName { get; } = objectName;

        public ChangeCursor? Cursor { get; set; }

        public List<Row> Rows { get; } = [];

        public SoqlQuery FirstPage(DateTimeOffset since, int limit) =>
            Build(Soql.Query($"SystemModstamp >= {since}"), limit);

        public SoqlQuery NextPage(Row after, int limit) =>
            Build(Soql.Query($"(SystemModstamp > {after.Modstamp} OR (SystemModstamp = {after.Modstamp} AND Id > {after.Id}))"), limit);

        private SoqlQuery Build(SoqlQuery window, int limit)
        {
            var where = conditions is null ? window : Soql.Query($"{window} AND {conditions}");
            return Soql.Query($"SELECT {Soql.Fields(fields.Split(", "))} FROM {Soql.Identifier(ObjectName)} WHERE {where} ORDER BY SystemModstamp, Id LIMIT {limit}");
        }
    }

    private sealed record Row(string Id, string OrderId, string? ContractId, DateTimeOffset Modstamp)
    {
        public static Row Read(string objectName, JsonObject record)
        {
            var id = record["Id"]!.GetValue<string>();
            var modstamp = ParseDateTime(record["SystemModstamp"]!.GetValue<string>());
            return objectName == OrderObject
                ? new Row(id, id, record["ContractId"]?.GetValue<string>(), modstamp)
                : new Row(id, record["OrderId"]!.GetValue<string>(), (record["Order"] as JsonObject)?["ContractId"]?.GetValue<string>(), modstamp);
        }

        /// <summary>Salesforce writes datetimes as <c>2026-01-31T09:00:00.000+0000</c> (no colon in the offset).</summary>
        private static DateTimeOffset ParseDateTime(string text)
        {
            var normalised = text.Length > 5 && text[^5] is '+' or '-' && !text[^5..].Contains(':', StringComparison.Ordinal)
                ? text[..^2] + ":" + text[^2..]
                : text;
            return DateTimeOffset.Parse(normalised, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
        }
    }
}
