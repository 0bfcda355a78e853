namespace CpqSync.Engine.Filters;

/// <summary>A problem with one filter, naming it and its field.</summary>
public sealed record SyncFilterError(SyncFilter Filter, string Message)
{
    public override string ToString() => $"Filter '{Filter.DisplayName}': {Message}";
}

/// <summary>The sync filters do not fit the org's schema; nothing was queried.</summary>
public sealed class SyncFilterException : Exception
{
    public SyncFilterException(IReadOnlyList<SyncFilterError> errors)
        : base(string.Join(Environment.NewLine, (errors ?? throw new ArgumentNullException(nameof(errors))).Select(e => e.ToString())))
    {
        Errors = errors;
    }

    public SyncFilterException()
        : this([])
    {
    }

    public SyncFilterException(string message)
        : base(message)
    {
        Errors = [];
    }

    public SyncFilterException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public IReadOnlyList<SyncFilterError> Errors { get; }
}
