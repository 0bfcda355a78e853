namespace CpqSync.Salesforce.PubSub;

/// <summary>
/// The <c>ChangeEventHeader</c> of a Change Data Capture event, with its field bitmaps decoded to field names through
/// the event's schema.
/// </summary>
/// <param name="ChangeType">CREATE, UPDATE, DELETE, UNDELETE, or a gap (GAP_CREATE … GAP_UNDELETE, GAP_OVERFLOW).</param>
/// <param name="ChangedFields">Fields the change set (for UPDATE), compound fields' parts as <c>Parent.Part</c>.</param>
/// <param name="CommitUser">The id of the user whose transaction made the change.</param>
public sealed record ChangeEventHeader(
    string EntityName,
    string ChangeType,
    IReadOnlyList<string> RecordIds,
    IReadOnlyList<string> ChangedFields,
    IReadOnlyList<string> NulledFields,
    DateTimeOffset CommitTimestamp,
    string? CommitUser,
    string? TransactionKey,
    int SequenceNumber,
    string? ChangeOrigin)
{
    /// <summary>
    /// A gap event: Salesforce could not produce the change's field values (bulk or internal changes, an overflow of
    /// more than 100,000 changes in one transaction); the records must be read to know what changed.
    /// </summary>
    public bool IsGap => ChangeType.StartsWith("GAP_", StringComparison.Ordinal);
}

/// <summary>One decoded event of a subscription.</summary>
/// <param name="ReplayId">Its position in the stream: subscribing from it resumes after it.</param>
/// <param name="Fields">The record's fields the event carries (header left out), compound fields as nested dictionaries.</param>
public sealed record ChangeEvent(
    string Topic, string EventId, ReadOnlyMemory<byte> ReplayId, ChangeEventHeader Header, IReadOnlyDictionary<string, object?> Fields)
{
    /// <summary>A field's text value, or null when the event does not carry it.</summary>
    public string? Text(string field) => Fields.TryGetValue(field, out var value) ? value?.ToString() : null;
}

/// <summary>
/// One response of a subscription: the events it carried (none for a keep-alive) and the stream's latest replay id,
/// which is safe to resume from once every event before it is handled.
/// </summary>
public sealed record ChangeEventBatch(string Topic, IReadOnlyList<ChangeEvent> Events, ReadOnlyMemory<byte> LatestReplayId, DateTimeOffset ReceivedAt)
{
    public bool IsKeepAlive => Events.Count == 0;
}
