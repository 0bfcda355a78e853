namespace CpqSync.Engine.WriteBack;

/// <summary>
/// A sync's Sync Record rows by compound id: one row per secondary record, and an error on a record outweighs a
/// success on the same one (one upsert batch cannot carry the same external id twice).
/// </summary>
internal sealed class SyncRecordEntries(string primaryId)
{
    private readonly Dictionary<string, SyncRecordEntry> _byCompoundId = new(StringComparer.Ordinal);

    public IEnumerable<KeyValuePair<string, SyncRecordEntry>> All => _byCompoundId;

    public bool HasSuccess => _byCompoundId.Values.Any(e => e.Status == SyncRecordStatus.Success);

    public void Add(SyncRecordEntry entry)
    {
        var key = SyncRecordEntry.CompoundId(primaryId, entry.SecondaryId);
        if (!_byCompoundId.TryGetValue(key, out var existing))
        {
            _byCompoundId[key] = entry;
        }
        else if (existing.Status == SyncRecordStatus.Success)
        {
            _byCompoundId[key] = entry with
            {
                StripeObjectId = entry.StripeObjectId ?? existing.StripeObjectId,
                StripeDashboardLink = entry.StripeDashboardLink ?? existing.StripeDashboardLink,
                // Notes on a success (the plan's warnings about the primary record) add up.
                Message = entry.Status == SyncRecordStatus.Success && existing.Message is not null
                    ? existing.Message + (entry.Message is null ? "" : "\n" + entry.Message)
                    : entry.Message,
            };
        }
        else
        {
            // Several errors on one record: the user sees them all in one message.
            _byCompoundId[key] = existing with { Message = existing.Message + "\n" + entry.Message };
        }
    }

    public bool Contains(string compoundId) => _byCompoundId.ContainsKey(compoundId);
}
