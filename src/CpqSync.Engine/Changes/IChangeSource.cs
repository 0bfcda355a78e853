namespace CpqSync.Engine.Changes;

/// <summary>
/// Finds orders that changed since the last look and queues them for sync, moving its own cursor with the queue.
/// Polling by <c>SystemModstamp</c> today; Salesforce's streaming change feed later.
/// </summary>
public interface IChangeSource
{
    /// <summary>Looks once for changed orders and queues the ones that match the sync preferences.</summary>
    Task<ChangePoll> PollAsync(CancellationToken cancellationToken);
}

/// <summary>An order that changed (itself or one of its lines).</summary>
/// <param name="ContractId">The engine's ordering key: orders of one contract sync strictly in order. Null before contracting.</param>
/// <param name="SystemModstamp">When the order, or the line that revealed it, last changed.</param>
public sealed record DetectedChange(string OrderId, string? ContractId, DateTimeOffset SystemModstamp);

/// <summary>What one poll did.</summary>
/// <param name="Queued">The changes queued by this poll (already-seen ones are left out).</param>
/// <param name="ApiCalls">Salesforce API calls the poll made: one when the org is idle.</param>
public sealed record ChangePoll(IReadOnlyList<DetectedChange> Queued, int ApiCalls);
