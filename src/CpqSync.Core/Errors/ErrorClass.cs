namespace CpqSync.Core.Errors;

/// <summary>Who can fix a sync failure (docs/behaviour.md §12.1).</summary>
public enum ErrorClass
{
    /// <summary>User-fixable Salesforce data or configuration.</summary>
    User,

    /// <summary>Transient: retried automatically.</summary>
    Transient,

    /// <summary>Internal or unexpected: a bug or an unsupported case.</summary>
    Internal,
}
