using System.Globalization;
using System.Numerics;
using Avro;
using Avro.Generic;
using Avro.IO;

namespace CpqSync.Salesforce.PubSub;

/// <summary>
/// Decodes an event's Avro payload with its schema (Apache.Avro's generic reader) and the change header's field
/// bitmaps (<c>changedFields</c>, <c>nulledFields</c>) to field names, as Salesforce's "event deserialization
/// considerations" describe: the first entry is a hex number whose bit <c>i</c> stands for the schema's field
/// <c>i</c>; entries <c>"p-0x…"</c> do the same for the fields of the compound field at position <c>p</c>.
/// </summary>
public static class ChangeEventDecoder
{
    private const string HeaderField = "ChangeEventHeader";

    /// <exception cref="AvroException">The payload does not match the schema.</exception>
    public static ChangeEvent Decode(string topic, string eventId, ReadOnlyMemory<byte> replayId, RecordSchema schema, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(schema);
        using var stream = new MemoryStream(payload.ToArray(), writable: false);
        var record = new GenericDatumReader<GenericRecord>(schema, schema).Read(null!, new BinaryDecoder(stream));
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        ChangeEventHeader? header = null;
        foreach (var field in schema.Fields)
        {
            record.TryGetValue(field.Name, out var value);
            if (field.Name == HeaderField && value is GenericRecord h)
            {
                header = ReadHeader(schema, h);
            }
            else if (value is not null)
            {
                fields[field.Name] = Plain(value);
            }
        }

        return new ChangeEvent(
            topic, eventId, replayId,
            header ?? throw new AvroException($"The event on {topic} has no {HeaderField}: not a change event."),
            fields);
    }

    /// <summary>The field names a bitmap list stands for, in schema order.</summary>
    public static IReadOnlyList<string> FieldNames(RecordSchema schema, IEnumerable<string> bitmaps)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(bitmaps);
        var names = new List<string>();
        foreach (var bitmap in bitmaps)
        {
            var dash = bitmap.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                names.AddRange(SetBits(bitmap).Where(i => i < schema.Fields.Count).Select(i => schema.Fields[i].Name));
                continue;
            }

            var parentIndex = int.Parse(bitmap.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture);
            if (parentIndex >= schema.Fields.Count || RecordOf(schema.Fields[parentIndex].Schema) is not { } child)
            {
                continue;
            }

            var parent = schema.Fields[parentIndex].Name;
            names.AddRange(SetBits(bitmap[(dash + 1)..]).Where(i => i < child.Fields.Count).Select(i => $"{parent}.{child.Fields[i].Name}"));
        }

        return names;
    }

    private static ChangeEventHeader ReadHeader(RecordSchema schema, GenericRecord header)
    {
        object? Get(string name) => header.TryGetValue(name, out var value) ? value : null;
        IEnumerable<string> Strings(string name) => Get(name) is IEnumerable<object> list ? list.Select(static o => o.ToString()!) : [];
        var changeType = Get("changeType") switch
        {
            GenericEnum e => e.Value,
            { } other => other.ToString()!,
            null => "UNKNOWN",
        };
        return new ChangeEventHeader(
            Get("entityName")?.ToString() ?? string.Empty,
            changeType,
            Strings("recordIds").ToList(),
            FieldNames(schema, Strings("changedFields")),
            FieldNames(schema, Strings("nulledFields")),
            DateTimeOffset.FromUnixTimeMilliseconds(Get("commitTimestamp") is long ms ? ms : 0),
            Get("commitUser")?.ToString(),
            Get("transactionKey")?.ToString(),
            Get("sequenceNumber") is int sequence ? sequence : 0,
            Get("changeOrigin")?.ToString());
    }

    private static IEnumerable<int> SetBits(string hex)
    {
        var digits = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        if (digits.Length == 0)
        {
            yield break;
        }

        // A leading 0 keeps the number positive whatever its first digit.
        var value = BigInteger.Parse("0" + digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        for (var i = 0; !value.IsZero; i++, value >>= 1)
        {
            if (!value.IsEven)
            {
                yield return i;
            }
        }
    }

    private static RecordSchema? RecordOf(Schema schema) => schema switch
    {
        RecordSchema record => record,
        UnionSchema union => union.Schemas.OfType<RecordSchema>().FirstOrDefault(),
        _ => null,
    };

    private static object? Plain(object? value) => value switch
    {
        GenericRecord nested => nested.Schema.Fields.ToDictionary(
            static f => f.Name, f => nested.TryGetValue(f.Name, out var v) ? Plain(v) : null, StringComparer.Ordinal),
        GenericEnum e => e.Value,
        object[] array => array.Select(Plain).ToList(),
        _ => value,
    };
}
