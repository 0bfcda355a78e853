using System.Text;
using Avro.Generic;
using Avro.IO;
using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Org;
using CpqSync.Sandbox.Salesforce.Schema;
using static CpqSync.Sandbox.Salesforce.PubSub.ChangeEventHeaderValues;

namespace CpqSync.Sandbox.Salesforce.PubSub;

/// <summary>A record as it was before a transaction (null: created in it) and as the transaction left it.</summary>
internal sealed record RecordChange(SObjectRecord? Before, SObjectRecord After);

/// <summary>
/// Change Data Capture: turns each committed transaction into change events, as Salesforce does. One event per changed
/// record of an object selected for change events, in commit order, sharing one <c>transactionKey</c> and numbered by
/// <c>sequenceNumber</c>; the same change to several records of one object is merged into one event listing their ids;
/// past <see cref="PubSubOptions.OverflowThreshold"/> changes the rest of the transaction is one <c>GAP_OVERFLOW</c>
/// event per object. CREATE and UNDELETE carry every non-null field; UPDATE carries the changed fields (with
/// <c>LastModifiedDate</c>) and their bitmaps; DELETE carries the header only.
/// Called by the org within each commit (one commit at a time), so the bus sees transactions in commit order.
/// </summary>
internal sealed class ChangeCapture
{
    private static readonly IReadOnlyDictionary<int, object?> NoValues = new Dictionary<int, object?>();

    private readonly ChangeEventCatalog _catalog;
    private readonly ChangeEventBus _bus;
    private readonly TimeProvider _time;
    private readonly Func<string> _apiUserId;
    private readonly int _overflowThreshold;
    private long _commitNumber = 10_000_000_000;

    public ChangeCapture(ChangeEventCatalog catalog, ChangeEventBus bus, TimeProvider time, Func<string> apiUserId, int overflowThreshold)
    {
        _catalog = catalog;
        _bus = bus;
        _time = time;
        _apiUserId = apiUserId;
        _overflowThreshold = overflowThreshold;
    }

    /// <summary>When set, every change is published as a gap event (<c>GAP_UPDATE</c>, …) without field values, as for
    /// changes Salesforce could not capture (made outside the application server, or too large).</summary>
    public bool GapEvents { get; set; }

    public void Commit(IReadOnlyList<RecordChange> changes)
    {
        var pending = new List<PendingEvent>();
        var overflow = new List<string>();
        var captured = 0;
        foreach (var change in changes)
        {
            if (_catalog.Find(change.After.ObjectName) is not { } schema || ChangeTypeOf(change) is not { } changeType)
            {
                continue;
            }

            if (captured >= _overflowThreshold)
            {
                if (!overflow.Contains(schema.EntityName))
                {
                    overflow.Add(schema.EntityName);
                    pending.Add(new PendingEvent(schema, GapOverflow, [], NoValues, [], []));
                }

                continue;
            }

            captured++;
            var next = GapEvents ? new PendingEvent(schema, "GAP_" + changeType, [change.After.Id], NoValues, [], []) : Build(schema, changeType, change);
            var same = pending.FindIndex(p => p.CanMerge(next));
            if (same >= 0)
            {
                pending[same].RecordIds.Add(change.After.Id);
            }
            else
            {
                pending.Add(next);
            }
        }

        if (pending.Count == 0)
        {
            return;
        }

        var origin = DmlOrigin.Current ?? new DmlOrigin(_apiUserId(), "");
        var header = new HeaderValues(
            Guid.NewGuid().ToString(), _time.GetUtcNow().ToUnixTimeMilliseconds(), ++_commitNumber, origin);
        _bus.Publish(pending.Select((e, i) => (e.Schema.EventName, e.Schema.Id, Encode(e, header, i + 1))).ToList());
    }

    private static string? ChangeTypeOf(RecordChange change) => (change.Before, change.After) switch
    {
        (null, { IsDeleted: false }) => Create,
        (null, _) => null,
        ({ IsDeleted: false }, { IsDeleted: true }) => Delete,
        ({ IsDeleted: true }, { IsDeleted: false }) => Undelete,
        ({ IsDeleted: false }, _) => Update,
        _ => null,
    };

    private static PendingEvent Build(ChangeEventSchema schema, string changeType, RecordChange change)
    {
        var values = new SortedDictionary<int, object?>();
        var changed = new SortedSet<int>();
        var nulled = new SortedSet<int>();
        var changedParts = new SortedDictionary<int, SortedSet<int>>();
        var nulledParts = new SortedDictionary<int, SortedSet<int>>();
        if (changeType == Delete)
        {
            return new PendingEvent(schema, changeType, [change.After.Id], values, [], []);
        }

        foreach (var field in schema.Fields)
        {
            if (field.Type == FieldType.Address)
            {
                var after = AddressValues(field, change.After);
                if (changeType is Create or Undelete)
                {
                    if (after.Any(v => v is not null))
                    {
                        values[field.Position] = after;
                    }

                    continue;
                }

                var before = AddressValues(field, change.Before!);
                for (var i = 0; i < after.Length; i++)
                {
                    if (!Equals(before[i], after[i]))
                    {
                        Add(changedParts, field.Position, i);
                        if (after[i] is null)
                        {
                            Add(nulledParts, field.Position, i);
                        }
                    }
                }

                if (changedParts.ContainsKey(field.Position))
                {
                    values[field.Position] = after;
                }

                continue;
            }

            var value = change.After[field.Name];
            if (changeType is Create or Undelete)
            {
                if (value is not null)
                {
                    values[field.Position] = ToAvro(field.Type, value);
                }

                continue;
            }

            // Salesforce lists LastModifiedDate among the changed fields of every update, even within the same second.
            if (!Equals(change.Before![field.Name], value) || field.Name == "LastModifiedDate")
            {
                changed.Add(field.Position);
                values[field.Position] = ToAvro(field.Type, value);
                if (value is null)
                {
                    nulled.Add(field.Position);
                }
            }
        }

        return new PendingEvent(
            schema, changeType, [change.After.Id], values, Bitmaps(changed, changedParts), Bitmaps(nulled, nulledParts));
    }

    private static void Add(SortedDictionary<int, SortedSet<int>> parts, int position, int component)
    {
        if (!parts.TryGetValue(position, out var set))
        {
            set = [];
            parts[position] = set;
        }

        set.Add(component);
    }

    private static object?[] AddressValues(ChangeEventField field, SObjectRecord record) =>
        [.. field.Parts.Select(p => p.SourceField is null ? null : ToAvro(p.Component is "Latitude" or "Longitude" ? FieldType.Double : FieldType.String, record[p.SourceField]))];

    /// <summary>A stored value as the Avro type of its field (numbers as double or int, dates and datetimes as epoch milliseconds).</summary>
    private static object? ToAvro(FieldType type, object? value) => value switch
    {
        null => null,
        decimal d when type == FieldType.Int => decimal.ToInt32(decimal.Truncate(d)),
        decimal d => (double)d,
        DateOnly date => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds(),
        DateTimeOffset dateTime => dateTime.ToUnixTimeMilliseconds(),
        _ => value,
    };

    /// <summary>
    /// The header's bitmap strings: first the top-level fields (<c>0x…</c>, bit n = field at position n), then one
    /// <c>position-0x…</c> entry per compound field with the bits of its changed components. Empty when nothing is set.
    /// </summary>
    internal static string[] Bitmaps(IReadOnlyCollection<int> positions, IReadOnlyDictionary<int, SortedSet<int>> parts)
    {
        var result = new List<string>();
        if (positions.Count > 0)
        {
            result.Add(Bitmap(positions));
        }

        foreach (var (position, components) in parts)
        {
            result.Add($"{position}-{Bitmap(components)}");
        }

        return [.. result];
    }

    /// <summary>A hexadecimal bitmap, most significant byte first, in whole bytes (<c>0x650004E0</c>).</summary>
    internal static string Bitmap(IEnumerable<int> bits)
    {
        var set = bits.ToList();
        var bytes = new byte[(set.Max() / 8) + 1];
        foreach (var bit in set)
        {
            bytes[bytes.Length - 1 - (bit / 8)] |= (byte)(1 << (bit % 8));
        }

        return "0x" + Convert.ToHexString(bytes);
    }

    private static byte[] Encode(PendingEvent e, HeaderValues header, int sequenceNumber)
    {
        var schema = e.Schema.Avro;
        var headerSchema = (Avro.RecordSchema)schema["ChangeEventHeader"].Schema;
        var changeTypeSchema = (Avro.EnumSchema)headerSchema["changeType"].Schema;
        var headerRecord = new GenericRecord(headerSchema);
        headerRecord.Add("entityName", e.Schema.EntityName);
        headerRecord.Add("recordIds", e.RecordIds.ToArray());
        headerRecord.Add("changeType", new GenericEnum(changeTypeSchema, e.ChangeType));
        headerRecord.Add("changeOrigin", header.Origin.ChangeOrigin);
        headerRecord.Add("transactionKey", header.TransactionKey);
        headerRecord.Add("sequenceNumber", sequenceNumber);
        headerRecord.Add("commitTimestamp", header.CommitTimestamp);
        headerRecord.Add("commitNumber", header.CommitNumber);
        headerRecord.Add("commitUser", header.Origin.UserId);
        headerRecord.Add("nulledFields", e.Nulled);
        headerRecord.Add("diffFields", Array.Empty<string>());
        headerRecord.Add("changedFields", e.Changed);

        var record = new GenericRecord(schema);
        record.Add("ChangeEventHeader", headerRecord);
        foreach (var field in e.Schema.Fields)
        {
            var value = e.Values.GetValueOrDefault(field.Position);
            if (value is object?[] parts)
            {
                var addressSchema = (Avro.RecordSchema)((Avro.UnionSchema)schema[field.Name].Schema).Schemas[1];
                var address = new GenericRecord(addressSchema);
                for (var i = 0; i < parts.Length; i++)
                {
                    address.Add(field.Parts[i].Component, parts[i]);
                }

                value = address;
            }

            record.Add(field.Name, value);
        }

        using var stream = new MemoryStream();
        e.Schema.Writer.Write(record, new BinaryEncoder(stream));
        return stream.ToArray();
    }

    private sealed record HeaderValues(string TransactionKey, long CommitTimestamp, long CommitNumber, DmlOrigin Origin);

    private sealed record PendingEvent(
        ChangeEventSchema Schema, string ChangeType, List<string> RecordIds, IReadOnlyDictionary<int, object?> Values,
        string[] Changed, string[] Nulled)
    {
        private string? _signature;

        /// <summary>The same change: same object, operation, values and bitmaps (Salesforce then sends one event for all the records).</summary>
        public bool CanMerge(PendingEvent other) =>
            ReferenceEquals(Schema, other.Schema) && ChangeType == other.ChangeType && ChangeType != GapOverflow
            && Signature == other.Signature;

        private string Signature => _signature ??= Describe();

        private string Describe()
        {
            var text = new StringBuilder();
            text.AppendJoin(',', Changed).Append('|').AppendJoin(',', Nulled).Append('|');
            foreach (var (position, value) in Values)
            {
                text.Append(position).Append('=');
                text.Append(value is object?[] parts ? string.Join(';', parts.Select(Format)) : Format(value)).Append('|');
            }

            return text.ToString();
        }

        private static string Format(object? value) => value switch
        {
            null => "∅",
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }
}
