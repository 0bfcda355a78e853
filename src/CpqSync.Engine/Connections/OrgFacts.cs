using System.Text.Json.Serialization;
using CpqSync.Core.Configuration;

namespace CpqSync.Engine.Connections;

/// <summary>
/// What CpqSync read from the connection's Salesforce org (<see cref="OrgFactsReader"/>): its identity, whether
/// multi-currency is on and which currencies are active, the corporate currency, the time zone, sandbox or
/// production, the CPQ package's version and the API version in use. Stored with the connection's document
/// (<c>"org"</c> section) and shown on the wizard's Org page.
/// </summary>
public sealed record OrgFacts
{
    public required string OrganizationId { get; init; }

    public required string OrganizationName { get; init; }

    /// <summary>A sandbox org (<c>Organization.IsSandbox</c>), otherwise production.</summary>
    public bool IsSandbox { get; init; }

    /// <summary>The edition, such as <c>Enterprise Edition</c>.</summary>
    public string? OrganizationType { get; init; }

    /// <summary>The org's default time zone as Salesforce names it (<c>Organization.TimeZoneSidKey</c>), such as <c>America/New_York</c>.</summary>
    public required string TimeZoneSidKey { get; init; }

    public string? Locale { get; init; }

    public string? Language { get; init; }

    /// <summary>Multi-currency is on: <c>CurrencyType</c> exists and records carry <c>CurrencyIsoCode</c>.</summary>
    public bool MultiCurrency { get; init; }

    /// <summary>
    /// The corporate currency: <c>CurrencyType.IsCorporate</c> with multi-currency, otherwise
    /// <c>Organization.DefaultCurrencyIsoCode</c>. Null when the org does not say.
    /// </summary>
    public string? CorporateCurrency { get; init; }

    /// <summary>The active currencies, corporate first; the one currency of a single-currency org.</summary>
    public IReadOnlyList<string> ActiveCurrencies { get; init; } = [];

    /// <summary>Salesforce CPQ's installed version (<c>252.2.0.1</c>), or null when the package is not installed or could not be read.</summary>
    public string? CpqVersion { get; init; }

    /// <summary>Whether the installed packages could be read (the Tooling API needs "View Setup and Configuration").</summary>
    public bool PackagesRead { get; init; }

    /// <summary>The REST API version CpqSync calls the org with.</summary>
    public required string ApiVersion { get; init; }

    public DateTimeOffset DetectedAt { get; init; }

    /// <summary>
    /// The org's time zone as the planner uses it: <c>GMT</c> (and <c>UTC</c>) are UTC; other keys are IANA ids.
    /// Null when this machine does not know the zone.
    /// </summary>
    [JsonIgnore]
    public TimeZoneInfo? TimeZone => ToTimeZone(TimeZoneSidKey);

    /// <summary>
    /// The settings with what the org implies pre-filled: multi-currency, the default currency (the corporate one)
    /// and the time zone. A setting is pre-filled only while it holds its default or the value an earlier detection
    /// (<paramref name="previous"/>) implied; a value the admin chose is kept.
    /// </summary>
    public SyncSettings Prefill(SyncSettings settings, OrgFacts? previous)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var defaults = new SyncSettings();
        var result = settings;
        if (Unchanged(settings.MultiCurrencyEnabled, defaults.MultiCurrencyEnabled, previous?.MultiCurrency))
        {
            result = result with { MultiCurrencyEnabled = MultiCurrency };
        }

        if (CorporateCurrency is not null && UnchangedText(settings.DefaultCurrency, defaults.DefaultCurrency, previous?.CorporateCurrency))
        {
            result = result with { DefaultCurrency = CorporateCurrency };
        }

        if (TimeZone is { } zone && (settings.TimeZone.Id == defaults.TimeZone.Id || settings.TimeZone.Id == previous?.TimeZone?.Id))
        {
            result = result with { TimeZone = zone };
        }

        return result;
    }

    /// <summary>Which of the settings hold what this org implies (shown as "detected" on the wizard's Org page).</summary>
    public bool Implies(string setting, SyncSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return setting switch
        {
            nameof(SyncSettings.MultiCurrencyEnabled) => settings.MultiCurrencyEnabled == MultiCurrency,
            nameof(SyncSettings.DefaultCurrency) => CorporateCurrency is not null
                && string.Equals(settings.DefaultCurrency, CorporateCurrency, StringComparison.OrdinalIgnoreCase),
            nameof(SyncSettings.TimeZone) => TimeZone is { } zone && zone.Id == settings.TimeZone.Id,
            _ => false,
        };
    }

    public static TimeZoneInfo? ToTimeZone(string? sidKey)
    {
        if (string.IsNullOrWhiteSpace(sidKey))
        {
            return null;
        }

        if (sidKey is "GMT" or "UTC" or "Etc/UTC" or "Etc/GMT")
        {
            return TimeZoneInfo.Utc;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(sidKey, out var zone) ? zone : null;
    }

    private static bool Unchanged(bool value, bool defaultValue, bool? previous) => value == defaultValue || value == previous;

    private static bool UnchangedText(string? value, string? defaultValue, string? previous) =>
        string.Equals(value, defaultValue, StringComparison.OrdinalIgnoreCase)
        || (previous is not null && string.Equals(value, previous, StringComparison.OrdinalIgnoreCase));
}
