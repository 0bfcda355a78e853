using System.Text.Json;

namespace CpqSync.Core.Records;

/// <summary>
/// Reads records in the Salesforce REST shape (<c>{"attributes":{"type":"Order"},"Id":…,…}</c>), as returned by
/// retrieve and query. Nested parent objects are ignored: relationships are followed by id.
/// </summary>
public static class RecordJson
{
    public static SfRecord Read(JsonElement element, string? type = null)
    {
        var recordType = type;
        var fields = new List<KeyValuePair<string, object?>>();
        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals("attributes"))
            {
                recordType ??= property.Value.GetProperty("type").GetString();
                continue;
            }

            object? value = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number => property.Value.GetDecimal(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Null => null,
                _ => Skip,
            };
            if (!ReferenceEquals(value, Skip))
            {
                fields.Add(new(property.Name, value));
            }
        }

        return new SfRecord(recordType ?? throw new JsonException("A record needs attributes.type."), fields);
    }

    public static IEnumerable<SfRecord> ReadAll(JsonElement array) => array.EnumerateArray().Select(static e => Read(e));

    private static readonly object Skip = new();
}
