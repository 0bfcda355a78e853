using System.Text.Json.Nodes;
using CpqSync.Salesforce;
using CpqSync.Storage;

namespace CpqSync.Engine.Changes;

/// <summary>The two reads of a poll (orders, order lines) and the rows they return.</summary>
public sealed partial class ModstampChangeSource
{
    private sealed class Source(string objectName, IReadOnlyList<string> fields, SoqlQuery? conditions)
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
            return Soql.Query($"SELECT {Soql.Fields(fields)} FROM {Soql.Identifier(ObjectName)} WHERE {where} ORDER BY SystemModstamp, Id LIMIT {limit}");
        }
    }

    /// <param name="Record">The row as read, which <see cref="WriteBack.WriteBackEchoes"/> compares with the write-back's echo.</param>
    private sealed record Row(string Id, string OrderId, string? ContractId, DateTimeOffset Modstamp, JsonObject Record)
    {
        public static Row Read(string objectName, JsonObject record)
        {
            var id = record["Id"]!.GetValue<string>();
            var modstamp = SalesforceDateTimes.Parse(record["SystemModstamp"]!.GetValue<string>());
            return objectName == OrderObject
                ? new Row(id, id, record["ContractId"]?.GetValue<string>(), modstamp, record)
                : new Row(id, record["OrderId"]!.GetValue<string>(), (record["Order"] as JsonObject)?["ContractId"]?.GetValue<string>(), modstamp, record);
        }
    }
}
