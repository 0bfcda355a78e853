namespace CpqSync.Storage;

/// <summary>
/// A Sync Record row (<c>Stripe_Sync_Record__c</c>) CpqSync wrote or found in Salesforce, as the store remembers it: a
/// later sync resolves the record's earlier errors and expires rows beyond retention from this, without a query.
/// </summary>
/// <param name="PrimaryId">The synced record the row belongs to (an order).</param>
/// <param name="CompoundId">The row's upsert key (<c>Compound_ID__c</c>).</param>
/// <param name="SalesforceId">The row's Salesforce id, when known.</param>
/// <param name="Status">The row's <c>Resolution_Status__c</c>.</param>
/// <param name="CompletedAt">The row's <c>Completed_At__c</c> as text (ordinal order is time order).</param>
public sealed record SyncRecordRow(string PrimaryId, string CompoundId, string? SalesforceId, string Status, string CompletedAt);
