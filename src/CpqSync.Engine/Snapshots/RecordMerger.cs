using CpqSync.Core.Records;

namespace CpqSync.Engine.Snapshots;

/// <summary>
/// Collects records from several queries into one set: a record read twice (an order found both by id and by
/// its contract, an account nested under a mapping path) becomes one record with the union of its fields.
/// </summary>
internal sealed class RecordMerger
{
    private readonly Dictionary<string, (string Type, Dictionary<string, object?> Fields)> _records = new(StringComparer.Ordinal);

    public void AddRange(IEnumerable<SfRecord> records)
    {
        foreach (var record in records)
        {
            if (!_records.TryGetValue(record.Id, out var known))
            {
                _records[record.Id] = (record.Type, new Dictionary<string, object?>(record.Fields, StringComparer.OrdinalIgnoreCase));
                continue;
            }

            foreach (var (name, value) in record.Fields)
            {
                if (value is not null || !known.Fields.ContainsKey(name))
                {
                    known.Fields[name] = value;
                }
            }
        }
    }

    public IEnumerable<SfRecord> OfType(string type) =>
        _records.Values.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)).Select(static r => new SfRecord(r.Type, r.Fields));

    public SfRecord? Find(string id) => _records.TryGetValue(id, out var r) ? new SfRecord(r.Type, r.Fields) : null;

    public RecordSet ToRecordSet() => new(_records.Values.Select(static r => new SfRecord(r.Type, r.Fields)));
}
