using CpqSync.Core.Errors;
using CpqSync.Core.Records;

namespace CpqSync.Core.Planning;

/// <summary>
/// Products, a price book's entries or an account synced on their own (docs/behaviour.md §11, manual sync), with the planners an
/// order sync uses, so the Stripe objects, idempotency keys and write-backs are those a later order sync reuses.
/// </summary>
internal static class RecordPlanner
{
    public static void Plan(PlanContext context, RecordSyncTarget target)
    {
        switch (target.Kind)
        {
            case RecordSyncKind.Products:
                foreach (var product in Find(context, target.Ids, "Product2"))
                {
                    ProductPlanner.Ensure(context, product);
                }

                break;
            case RecordSyncKind.Pricebook:
                foreach (var entry in Entries(context, target.Ids))
                {
                    var product = context.Records.Follow(entry, "Product2")
                        ?? throw context.Failure(SyncErrorCode.RequiredMappingEmpty, entry, "Product2Id");
                    PricePlanner.PlanEntry(context, entry, product);
                }

                break;
            case RecordSyncKind.Account:
                foreach (var account in Find(context, target.Ids, "Account"))
                {
                    CustomerPlanner.Plan(context, account, primaryContact: null);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(target), target.Kind, "Unknown record sync kind.");
        }
    }

    /// <summary>The entries named, and the active ones of the price books named, in id order so the plan does not depend on the caller's order.</summary>
    private static IEnumerable<SfRecord> Entries(PlanContext context, IReadOnlyList<string> ids)
    {
        var entries = new SortedDictionary<string, SfRecord>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var record = context.Records.Find(id) ?? throw Missing(id, "Pricebook2 or PricebookEntry");
            // A book brings its active entries; an entry named on its own syncs even when inactive, as asked.
            var found = record.Type switch
            {
                "PricebookEntry" => [record],
                "Pricebook2" => context.Records.Children("PricebookEntry", "Pricebook2Id", id).Where(static e => !e.Has("IsActive") || e.GetBool("IsActive")),
                _ => throw Missing(id, "Pricebook2 or PricebookEntry"),
            };
            foreach (var entry in found)
            {
                entries[entry.Id] = entry;
            }
        }

        return entries.Values;
    }

    private static IEnumerable<SfRecord> Find(PlanContext context, IReadOnlyList<string> ids, string type) =>
        ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(id => context.Records.Find(id) is { } record && record.Type == type ? record : throw Missing(id, type));

    /// <remarks>The engine reports unknown ids before planning; a missing record here is a caller bug.</remarks>
    private static ArgumentException Missing(string id, string type) =>
        new($"The records hold no {type} {id}.", nameof(RecordSyncInput.Records));
}
