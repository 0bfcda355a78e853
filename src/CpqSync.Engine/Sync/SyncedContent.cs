using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CpqSync.Core.Configuration;
using CpqSync.Core.Planning;
using CpqSync.Core.Salesforce;
using CpqSync.Engine.Filters;
using CpqSync.Engine.Snapshots;
using CpqSync.Storage;
using CpqSync.Stripe;

namespace CpqSync.Engine.Sync;

/// <summary>
/// A hash of what an order's sync read (its snapshot and the connection's configuration), kept in the store's
/// <c>synced_content</c> table for its last completed sync: a live or backfill sync whose order reads the same as then has nothing new.
/// </summary>
/// <remarks>
/// CpqSync's own write-back moves the order's <c>SystemModstamp</c>, so change detection queues it again; the hash
/// leaves out what the write-back writes (link and status fields, order coupon copies) and the audit fields, and
/// counts <c>Stripe_ID__c</c> as the write-back left it, so clearing an id by hand still re-syncs. Any field a user
/// edits, or any configuration change, gives a new hash.
/// </remarks>
internal static class SyncedContent
{
    private const string OrderObject = "Order";

    /// <summary>
    /// The system stamps (<see cref="PackageFields.SystemStamps"/>) and everything CpqSync writes back
    /// (<see cref="PackageFields.WriteBackFields"/>) except the record's own <c>Stripe_ID__c</c>, which is ignored only on
    /// related records (see below).
    /// </summary>
    private static readonly HashSet<string> IgnoredFields = new(
        [.. PackageFields.SystemStamps,
         .. PackageFields.WriteBackFields.Where(static f => !f.Equals(PackageFields.StripeId, StringComparison.OrdinalIgnoreCase))],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Records CpqSync writes itself and users only read.</summary>
    private static readonly HashSet<string> IgnoredTypes = new(StringComparer.OrdinalIgnoreCase) { PackageFields.OrderCouponObject };

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <param name="writtenBack">The write-back that followed the read: its <c>Stripe_ID__c</c> values replace the read ones.</param>
    public static string Hash(
        OrderSnapshot snapshot, SyncConfiguration configuration, SyncPreferences preferences, IReadOnlyList<ResolvedSalesforceWrite> writtenBack)
    {
        var stripeIds = writtenBack
            .Where(static w => w is { Kind: SalesforceWriteKind.Update, RecordId: not null })
            .SelectMany(static w => w.Fields.Where(static f => f.Key == PackageFields.StripeId).Select(f => (w.RecordId!, f.Value)))
            .GroupBy(static p => p.Item1, StringComparer.Ordinal)
            .ToDictionary(static g => g.Key, static g => g.Last().Value, StringComparer.Ordinal);

        var text = new StringBuilder();
        text.Append(JsonSerializer.Serialize(configuration, Json)).Append('\n');
        text.Append(JsonSerializer.Serialize(preferences, Json)).Append('\n');
        foreach (var record in snapshot.Records.All
            .Where(static r => !IgnoredTypes.Contains(r.Type))
            .OrderBy(static r => r.Type, StringComparer.OrdinalIgnoreCase)
            .ThenBy(static r => r.Id, StringComparer.Ordinal))
        {
            text.Append(record.Type).Append(' ').Append(record.Id).Append('\n');
            foreach (var (field, value) in record.Fields.OrderBy(static f => f.Key, StringComparer.OrdinalIgnoreCase))
            {
                var name = field[(field.LastIndexOf('.') + 1)..];
                if (IgnoredFields.Contains(name) || (field.Contains('.', StringComparison.Ordinal) && name.Equals(PackageFields.StripeId, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                var shown = name.Equals(PackageFields.StripeId, StringComparison.OrdinalIgnoreCase) && stripeIds.TryGetValue(record.Id, out var written)
                    ? written
                    : value;
                text.Append(field.ToUpperInvariant()).Append('=').Append(Canonical(shown)).Append('\n');
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public static Task<SyncedContentHash?> FindAsync(ISyncStore store, Guid connectionId, string orderId, CancellationToken cancellationToken) =>
        store.FindSyncedContentAsync(connectionId, OrderObject, orderId, cancellationToken);

    /// <summary>Keeps what a completed sync read, or forgets the last one (<paramref name="content"/> null) while a sync runs.</summary>
    public static Task RememberAsync(ISyncStore store, Guid connectionId, string orderId, SyncedContentHash? content, CancellationToken cancellationToken) =>
        store.SaveSyncedContentAsync(connectionId, OrderObject, orderId, content, cancellationToken);

    private static string Canonical(object? value) => value switch
    {
        null => "~",
        string s => "s:" + s,
        decimal d => "d:" + d.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "b:1" : "b:0",
        _ => "o:" + Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
