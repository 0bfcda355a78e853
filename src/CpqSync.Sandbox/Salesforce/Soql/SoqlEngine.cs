using System.Collections.Concurrent;
using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Soql;

/// <summary>
/// The emulated org's SOQL: parses a query, checks it against the schema and evaluates it over the org's records,
/// answering bad queries with Salesforce's own error codes and messages.
/// </summary>
public sealed class SoqlEngine
{
    // The sync polls with the same few queries again and again; a small cache saves re-parsing them. When it fills
    // up (queries with inlined ids or timestamps), it starts over rather than tracking recency.
    private const int CacheCapacity = 512;

    private readonly OrgSchema _schema;
    private readonly ConcurrentDictionary<string, BoundQuery> _cache = new(StringComparer.Ordinal);

    public SoqlEngine(OrgSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _schema = schema;
    }

    /// <summary>
    /// Parses, validates against the schema, evaluates. Throws <see cref="SalesforceErrorException"/> (400) with
    /// MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE (and INVALID_QUERY_FILTER_OPERATOR, NUMBER_OUTSIDE_VALID_RANGE)
    /// and Salesforce's own message texts for bad queries.
    /// </summary>
    public SoqlResult Execute(string soql, IRecordSource records, SoqlExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(soql);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(context);
        return new QueryRunner(records, context).Execute(Bind(soql));
    }

    private BoundQuery Bind(string soql)
    {
        if (_cache.TryGetValue(soql, out var cached))
        {
            return cached;
        }

        var bound = new SoqlBinder(_schema, soql).Bind(SoqlParser.Parse(soql));
        if (_cache.Count >= CacheCapacity)
        {
            _cache.Clear();
        }

        _cache[soql] = bound;
        return bound;
    }
}
