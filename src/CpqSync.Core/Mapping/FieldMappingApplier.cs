using System.Globalization;
using CpqSync.Core.Configuration;
using CpqSync.Core.Errors;
using CpqSync.Core.Planning;
using CpqSync.Core.Records;

namespace CpqSync.Core.Mapping;

/// <summary>
/// Applies a connection's field defaults, then its custom mappings, on top of the built-in mapping of one Stripe
/// object (docs/behaviour.md §10): defaults are constants; a mapping reads a Salesforce path and, when the value is null,
/// leaves whatever was there.
/// </summary>
internal static class FieldMappingApplier
{
    public static void Apply(PlanContext context, string objectKey, StripeParams target, SfRecord source)
    {
        var configuration = context.Input.Configuration;
        if (configuration.FieldDefaults.TryGetValue(objectKey, out var defaults))
        {
            foreach (var (destination, constant) in defaults.OrderBy(static d => d.Key, StringComparer.Ordinal))
            {
                Set(context, objectKey, target, destination, constant, source);
            }
        }

        if (configuration.FieldMappings.TryGetValue(objectKey, out var mappings))
        {
            foreach (var (destination, sourcePath) in mappings.OrderBy(static d => d.Key, StringComparer.Ordinal))
            {
                if (string.IsNullOrWhiteSpace(sourcePath))
                {
                    continue;
                }

                var value = context.Records.ReadPath(source, StripSourceObject(sourcePath, source.Type));
                var text = ToText(value);
                if (text is not null)
                {
                    Set(context, objectKey, target, destination, text, source);
                }
            }
        }
    }

    /// <summary>True when the connection configures any default or mapping for <paramref name="objectKey"/>.</summary>
    public static bool Configures(PlanContext context, string objectKey)
    {
        var configuration = context.Input.Configuration;
        return configuration.FieldDefaults.ContainsKey(objectKey) || configuration.FieldMappings.ContainsKey(objectKey);
    }

    /// <summary>A source path may start with the source object's own name (<c>Order.Account.Name</c> on an Order).</summary>
    private static string StripSourceObject(string path, string sourceType) =>
        path.StartsWith(sourceType + ".", StringComparison.OrdinalIgnoreCase) ? path[(sourceType.Length + 1)..] : path;

    private static void Set(PlanContext context, string objectKey, StripeParams target, string destination, string value, SfRecord source)
    {
        if (destination.EndsWith("days_until_due", StringComparison.Ordinal))
        {
            var days = PaymentTerms.DaysUntilDue(value, context.Settings.ExtendedPaymentTerms)
                ?? throw context.Failure(SyncErrorCode.DaysUntilDueUnsupported, source, destination);
            value = days.ToString(CultureInfo.InvariantCulture);
        }

        // Salesforce dates feeding timestamp parameters (trial_end, cancel_at, …) become 00:00 in the configured zone.
        if (StripeParameterCatalogue.Find(objectKey, destination) is { Type: StripeParameterType.Timestamp }
            && DateOnly.TryParseExact(value.Length >= 10 ? value[..10] : value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            value = context.Timestamp(date).ToString(CultureInfo.InvariantCulture);
        }

        var trimmed = value.Trim();
        if (string.Equals(trimmed, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(trimmed, "false", StringComparison.OrdinalIgnoreCase))
        {
            value = trimmed.ToLowerInvariant();
        }

        target.SetPath(destination, ParamValue.Literal(value));
    }

    public static string? ToText(object? value) => value switch
    {
        null => null,
        string s => s.Length == 0 ? null : s,
        decimal d => Amounts.Format(d),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
