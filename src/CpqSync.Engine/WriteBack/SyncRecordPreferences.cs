using CpqSync.Core.Errors;

namespace CpqSync.Engine.WriteBack;

/// <summary>The connection's preferences that shape Sync Records.</summary>
public sealed record SyncRecordPreferences
{
    /// <summary>The preference "sync record retention count": Sync Records kept per primary record, newest first.</summary>
    public int RetentionCount
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Keep at least one Sync Record per record.");
    } = 20;

    /// <summary>Test-mode Stripe account: Dashboard links to request logs go to <c>/test/</c>.</summary>
    public bool StripeTestMode { get; init; }

    /// <summary>
    /// CpqSync's error reference: an error row's "documentation" link points at its code's entry there
    /// (<see cref="ErrorReference.Link"/>). The default value is <see cref="ErrorReference.DefaultUrl"/>.
    /// </summary>
    public string DocumentationLink { get; init; } = ErrorReference.DefaultUrl;
}
