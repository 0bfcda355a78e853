namespace CpqSync.Engine.Snapshots;

/// <summary>No order with this id is visible to the integration user (or the id is not a Salesforce id at all).</summary>
public sealed class OrderNotFoundException(string orderId, string reason)
    : Exception($"Order '{orderId}' {reason}.")
{
    public string OrderId { get; } = orderId;
}
