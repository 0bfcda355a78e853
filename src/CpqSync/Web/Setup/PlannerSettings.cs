using System.Globalization;
using System.Reflection;
using CpqSync.Core.Configuration;
using CpqSync.Engine.Connections;

namespace CpqSync.Web.Setup;

/// <summary>How a setting is entered on the wizard's Org page.</summary>
public enum SettingKind
{
    Text,
    OptionalText,
    Boolean,
    OptionalBoolean,
    Number,
    Date,
    Choice,
    TimeZone,
}

/// <summary>One setting the planner reads (<see cref="SyncSettings"/>), with what it means for the admin.</summary>
public sealed record PlannerSetting(string Name, string Label, string Meaning, SettingKind Kind, IReadOnlyList<string>? Choices = null)
{
    private PropertyInfo Property => typeof(SyncSettings).GetProperty(Name)
        ?? throw new InvalidOperationException($"SyncSettings has no {Name}.");

    /// <summary>The value as the form shows it.</summary>
    public string Format(SyncSettings settings) => Format(Property.GetValue(settings));

    /// <summary>CpqSync's default, as the form shows it.</summary>
    public string DefaultText => Format(Property.GetValue(new SyncSettings()));

    /// <summary>Whether the org's detected facts imply the current value.</summary>
    public bool IsDetected(SyncSettings settings, OrgFacts? facts) => facts is not null && facts.Implies(Name, settings);

    /// <summary>Whether detection fills this setting in (multi-currency, default currency, time zone).</summary>
    public bool IsDetectable => Name is nameof(SyncSettings.MultiCurrencyEnabled) or nameof(SyncSettings.DefaultCurrency) or nameof(SyncSettings.TimeZone);

    /// <summary>The settings with this one set from the form's text.</summary>
    /// <returns>The error to show, or null.</returns>
    public string? TryApply(ref SyncSettings settings, string? text)
    {
        text = text?.Trim() ?? "";
        object? value;
        switch (Kind)
        {
            case SettingKind.Text:
                if (text.Length == 0 && Name != nameof(SyncSettings.InstanceUrl))
                {
                    return $"{Label} can't be empty.";
                }

                value = text;
                break;
            case SettingKind.OptionalText:
                value = text.Length == 0 ? null : text;
                break;
            case SettingKind.Boolean:
                value = text == "true";
                break;
            case SettingKind.OptionalBoolean:
                value = text switch { "true" => true, "false" => false, _ => (bool?)null };
                break;
            case SettingKind.Number:
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
                {
                    return $"{Label} must be a whole number of at least 1.";
                }

                value = number;
                break;
            case SettingKind.Date:
                if (text.Length == 0)
                {
                    value = null;
                    break;
                }

                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return $"{Label} must be a date (YYYY-MM-DD).";
                }

                value = date;
                break;
            case SettingKind.Choice:
                if (Choices is null || !Choices.Contains(text, StringComparer.Ordinal))
                {
                    return $"{Label} must be one of {string.Join(", ", Choices ?? [])}.";
                }

                var type = Nullable.GetUnderlyingType(Property.PropertyType) ?? Property.PropertyType;
                value = type.IsEnum ? Enum.Parse(type, text) : text;
                break;
            case SettingKind.TimeZone:
                var zone = OrgFacts.ToTimeZone(text);
                if (zone is null)
                {
                    return $"{Label}: '{text}' is not a time zone this server knows (use an IANA name such as Europe/Paris).";
                }

                value = zone;
                break;
            default:
                throw new InvalidOperationException($"Unknown setting kind {Kind}.");
        }

        var copy = settings with { };
        Property.SetValue(copy, value);
        settings = copy;
        return null;
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeZoneInfo z => z == TimeZoneInfo.Utc ? "UTC" : z.Id,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>
/// Every setting the planner reads, in the order the wizard's Org page lists them, with its meaning
/// (<c>docs/behaviour.md</c> sections as in <see cref="SyncSettings"/>).
/// </summary>
public static class PlannerSettings
{
    public static IReadOnlyList<PlannerSetting> All { get; } =
    [
        new(nameof(SyncSettings.MultiCurrencyEnabled), "Multi-currency",
            "Read each record's CurrencyIsoCode and bill in it. On when the org has multi-currency enabled.", SettingKind.Boolean),
        new(nameof(SyncSettings.DefaultCurrency), "Default (billing) currency",
            "The Stripe currency of orders without their own currency; a single-currency org's currency. Detected from the corporate currency.",
            SettingKind.OptionalText),
        new(nameof(SyncSettings.TimeZone), "Time zone",
            "Salesforce dates (start, end, activation) become Stripe timestamps at midnight in this zone (§4.3). Detected from the org's default time zone.",
            SettingKind.TimeZone),
        new(nameof(SyncSettings.InstanceUrl), "Salesforce instance URL",
            "Links to Salesforce records are {InstanceUrl}/{Id}. Filled from the org's session when blank.", SettingKind.Text),
        new(nameof(SyncSettings.MetadataPrefix), "Metadata prefix", "Prefix of the metadata keys CpqSync writes on Stripe objects.", SettingKind.Text),
        new(nameof(SyncSettings.CpqTermUnit), "CPQ term unit", "Whether subscription terms count months or days (CPQ's Subscription Term Unit, §3.3).",
            SettingKind.Choice, ["Month", "Day"]),
        new(nameof(SyncSettings.ProratePrecision), "Prorate precision", "CPQ's Subscription Prorate Precision (§7.8).",
            SettingKind.Choice, [.. Enum.GetNames<ProratePrecision>()]),
        new(nameof(SyncSettings.DefaultSubscriptionTerm), "Default subscription term", "Term in months of a quote that has none.", SettingKind.Number),
        new(nameof(SyncSettings.SyncStartDate), "Pre-integration date",
            "Orders activated before this date are pre-integration orders (§4.3).", SettingKind.Date),
        new(nameof(SyncSettings.MigrateExistingContracts), "Migrate existing contracts",
            "Pre-integration orders become backdated subscriptions that do not re-bill paid periods (§4.3).", SettingKind.Boolean),
        new(nameof(SyncSettings.UpdateCustomerOnOrderSync), "Update customer on every order", "Refresh an existing Stripe customer on every order sync (§2).",
            SettingKind.Boolean),
        new(nameof(SyncSettings.MapPrimaryContactEmail), "Primary contact email", "Use the quote's primary contact email as the customer's email.",
            SettingKind.Boolean),
        new(nameof(SyncSettings.CustomPriceField), "Custom price field", "Order product field holding a custom price instead of UnitPrice (§3.7).",
            SettingKind.OptionalText),
        new(nameof(SyncSettings.CustomPriceFieldSemantics), "Custom price meaning",
            "Whether the custom price is per billing period or for the whole term (§3.7).", SettingKind.Choice,
            [.. Enum.GetNames<CustomPriceFieldSemantics>()]),
        new(nameof(SyncSettings.FrontendProrations), "Prorate short terms", "Prorate terms shorter than one billing cycle (§3.7).", SettingKind.Boolean),
        new(nameof(SyncSettings.FractionalQuantities), "Fractional quantities",
            "Send decimal quantities as quantity 1 at the net line amount (§4.8); otherwise they are refused.", SettingKind.Boolean),
        new(nameof(SyncSettings.ExtendedPaymentTerms), "Extended payment terms", "Accept Due on Receipt and any Net N from 0 to 365 (§4.6).",
            SettingKind.Boolean),
        new(nameof(SyncSettings.NegativeOneTimeLinesAsCredits), "Negative one-time lines as credits",
            "Turn negative one-time lines into credit invoice items instead of dropping them.", SettingKind.Boolean),
        new(nameof(SyncSettings.BackdateEvergreenOrders), "Backdate evergreen orders", "Start evergreen orders on their start date in the past.",
            SettingKind.Boolean),
        new(nameof(SyncSettings.CreditUnusedTime), "Credit unused time",
            "Credit the unused part of the current period when an amendment removes seats (§7.9).", SettingKind.Boolean),
        new(nameof(SyncSettings.RenewalOrders), "Renewals extend the schedule",
            "A contiguous renewal in the same currency appends phases to the renewed contract's schedule (§8).", SettingKind.Boolean),
        new(nameof(SyncSettings.Coupons), "Coupons", "Sync coupons (§9).", SettingKind.Boolean),
        new(nameof(SyncSettings.Mdq), "MDQ segments", "Multi-dimensional quoting segments become schedule phases (§6).", SettingKind.Boolean),
        new(nameof(SyncSettings.NonAnniversaryAmendments), "Amendments on any day", "Accept amendments that start on any day of the month (§7.8).",
            SettingKind.Boolean),
        new(nameof(SyncSettings.MaxSchedulePhases), "Most schedule phases", "Most phases a subscription schedule may have before Stripe refuses it.",
            SettingKind.Number),
        new(nameof(SyncSettings.MaxRecurringLines), "Most recurring lines", "Most recurring lines on one order (Stripe's items per phase).",
            SettingKind.Number),
        new(nameof(SyncSettings.StripeTestMode), "Stripe test mode", "Dashboard links go to /test/. Set from the Stripe key's mode when it is a test key.",
            SettingKind.Boolean),
        new(nameof(SyncSettings.TestClocks), "Test clocks",
            "Give each new customer its own Stripe test clock. Automatic: on in test mode, off in live mode.", SettingKind.OptionalBoolean),
    ];
}
