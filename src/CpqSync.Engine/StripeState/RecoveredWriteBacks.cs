using CpqSync.Core.Planning;
using CpqSync.Core.Records;
using CpqSync.Core.Salesforce;
using CpqSync.Stripe;

namespace CpqSync.Engine.StripeResolution;

/// <summary>
/// Ids the resolver found (in the id map or by metadata) because their records had lost them or named nothing in
/// Stripe: the planner reuses those objects without writing their ids back, so order and record syncs write them back
/// here, after what the plan wrote.
/// </summary>
internal static class RecoveredWriteBacks
{
    public static StripeApplyResult Add(StripeApplyResult applied, IReadOnlyDictionary<string, string> recovered, RecordSet records)
    {
        var written = applied.WriteBacks.Where(static w => w.RecordId is not null).Select(static w => w.RecordId!).ToHashSet(StringComparer.Ordinal);
        var more = recovered
            .Where(r => !written.Contains(r.Key) && records.Find(r.Key) is not null)
            .Select(r => new ResolvedSalesforceWrite(
                SalesforceWriteKind.Update, records.Find(r.Key)!.Type, r.Key, [new(PackageFields.StripeId, r.Value)]))
            .ToList();
        return more.Count == 0 ? applied : applied with { WriteBacks = [.. applied.WriteBacks, .. more] };
    }
}
