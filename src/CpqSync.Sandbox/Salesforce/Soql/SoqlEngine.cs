using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Soql;

/// <summary>
/// The emulated org's SOQL: parses a query, checks it against the schema and evaluates it over the org's records,
/// answering bad queries with Salesforce's own error codes and messages.
/// </summary>
/// <remarks>
/// Safe to call from concurrent requests. Parsed queries are cached by their text per schema instance (shared by
/// every engine over that schema), so the record source and the execution context (clock, API version, queryAll)
/// may differ on every call.
/// </remarks>
public sealed class SoqlEngine
{
    // The sync polls with the same few queries again and again; a small cache saves re-parsing them. When it fills
    // up (queries with inlined ids or timestamps), it starts over rather than tracking recency.
    private const int CacheCapacity = 512;

    private const decimal FiveLevelChildQueriesVersion = 58.0m;

    // The cache belongs to the schema, not to the engine, so callers that build an engine per request share it;
    // it goes away with the schema.
    private static readonly ConditionalWeakTable<OrgSchema, ConcurrentDictionary<string, BoundQuery>> Caches = new();

    private readonly OrgSchema _schema;
    private readonly ConcurrentDictionary<string, BoundQuery> _cache;

    public SoqlEngine(OrgSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _schema = schema;
        _cache = Caches.GetValue(schema, _ => new ConcurrentDictionary<string, BoundQuery>(StringComparer.Ordinal));
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
        var query = Bind(soql);
        CheckChildDepth(query, context.ApiVersion);
        return new QueryRunner(records, context).Execute(query);
    }

    /// <summary>Before API 58.0, Salesforce allows one level of child subqueries; a cached query may run under any version.</summary>
    private static void CheckChildDepth(BoundQuery query, string apiVersion)
    {
        if (decimal.TryParse(apiVersion, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var version)
            && version < FiveLevelChildQueriesVersion && query.ChildDepth > 1)
        {
            throw SoqlErrors.ChildRelationshipsTooDeep(1);
        }
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
