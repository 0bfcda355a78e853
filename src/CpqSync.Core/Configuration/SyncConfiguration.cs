namespace CpqSync.Core.Configuration;

/// <summary>
/// A connection's configuration: field defaults and custom mappings per Stripe object key (docs/behaviour.md §10) plus the
/// sync settings. Loaded from and saved to a JSON document users can keep in version control.
/// </summary>
public sealed record SyncConfiguration
{
    public static SyncConfiguration Default { get; } = new();

    /// <summary>Object key → (Stripe destination dot path → constant). Applied after the built-in mapping.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> FieldDefaults { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>Object key → (Stripe destination dot path → Salesforce source path). Applied after the defaults.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> FieldMappings { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    public SyncSettings Settings { get; init; } = new();
}
