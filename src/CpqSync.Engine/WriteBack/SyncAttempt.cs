namespace CpqSync.Engine.WriteBack;

/// <summary>One sync of a primary record (usually an Order), as its Sync Records describe it.</summary>
/// <param name="PrimaryType">The sObject type synced, such as <c>Order</c>.</param>
/// <param name="PrimaryId">The synced record's id.</param>
/// <param name="Attempt">1 for the first try, counting up on each retry of the same work.</param>
/// <param name="StartedAt">When the sync began; the write-back stamps completion itself.</param>
public sealed record SyncAttempt(string PrimaryType, string PrimaryId, int Attempt, DateTimeOffset StartedAt)
{
    /// <summary>The order's account, so the Sync Record shows in the account's related list too.</summary>
    public string? AccountId { get; init; }

    /// <summary>The connection synced, whose store remembers the record's Sync Records; without one they are read from Salesforce.</summary>
    public Guid? ConnectionId { get; init; }
}
