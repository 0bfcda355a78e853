using CpqSync.Core.Configuration;
using CpqSync.Core.Records;

namespace CpqSync.Engine.Snapshots;

/// <summary>
/// The SELECT list of each object a snapshot reads, checked against the org's describe: required fields the org
/// lacks are collected so the caller reports them all at once.
/// </summary>
internal sealed class SelectLists
{
    private readonly Dictionary<string, IReadOnlyList<string>> _lists = new(StringComparer.OrdinalIgnoreCase);

    private SelectLists()
    {
    }

    public IReadOnlyList<string> For(string sObject) => _lists[sObject];

    public bool Has(string sObject) => _lists.ContainsKey(sObject);

    /// <summary>Every select list, as one text: two reads with the same signature read the same fields.</summary>
    public string Signature => string.Join('\n', _lists.OrderBy(static l => l.Key, StringComparer.OrdinalIgnoreCase).Select(static l => l.Key + ":" + string.Join(',', l.Value)));

    /// <summary>
    /// <paramref name="sObject"/>'s fields plus its parents' (<c>Account.Name</c>, <c>Product2.Stripe_ID__c</c>, …):
    /// the parents come back nested in the same rows, so reading them costs no query of their own.
    /// </summary>
    public IReadOnlyList<string> WithParents(string sObject)
    {
        var select = new List<string>(_lists[sObject]);
        foreach (var (path, parent) in PlannerFields.ParentsOf(sObject))
        {
            // The parent's mapping paths come along: a customer mapping of Owner.Name is read from the order's row as Account.Owner.Name.
            select.AddRange(_lists[parent].Select(f => path + "." + f));
        }

        return select.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    public static SelectLists Build(OrgSchema schema, SyncConfiguration configuration)
    {
        var lists = new SelectLists();
        var missing = new List<string>();
        foreach (var sObject in PlannerFields.Objects(configuration))
        {
            if (schema.FieldsOf(sObject) is not { } available)
            {
                missing.Add(sObject);
                continue;
            }

            var select = new List<string>();
            foreach (var field in PlannerFields.For(sObject, configuration))
            {
                if (field.Name.Contains('.', StringComparison.Ordinal))
                {
                    AddPath(sObject, field.Name, available, select, missing);
                }
                else if (available.Contains(field.Name))
                {
                    select.Add(field.Name);
                }
                else if (!field.Optional)
                {
                    missing.Add($"{sObject}.{field.Name}");
                }
            }

            lists._lists[sObject] = select.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        }

        return missing.Count == 0 ? lists : throw new SnapshotSchemaException(missing);
    }

    /// <summary>
    /// A mapping path through lookups (<c>Account.Owner.Name</c>): the full path, plus each hop's lookup id and
    /// record id, so the parents come back as records the planner can follow. Only the first hop is checked here;
    /// Salesforce rejects a bad deeper hop with <c>INVALID_FIELD</c> naming it.
    /// </summary>
    private static void AddPath(string sObject, string path, IReadOnlySet<string> available, List<string> select, List<string> missing)
    {
        var segments = path.Split('.');
        for (var i = 0; i < segments.Length - 1; i++)
        {
            // SOQL walks a custom lookup by its relationship name (X__r); the planner accepts either spelling.
            if (segments[i].EndsWith("__c", StringComparison.OrdinalIgnoreCase))
            {
                segments[i] = segments[i][..^3] + "__r";
            }
        }

        var firstLookup = RecordSet.LookupField(segments[0]);
        if (!available.Contains(firstLookup))
        {
            missing.Add($"{sObject}.{firstLookup}");
            return;
        }

        select.Add(firstLookup);
        for (var hop = 1; hop < segments.Length - 1; hop++)
        {
            var prefix = string.Join('.', segments[..hop]);
            select.Add(prefix + ".Id");
            select.Add(prefix + "." + RecordSet.LookupField(segments[hop]));
        }

        select.Add(string.Join('.', segments[..^1]) + ".Id");
        select.Add(string.Join('.', segments));
    }
}
