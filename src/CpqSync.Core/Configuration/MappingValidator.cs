using CpqSync.Core.Errors;

namespace CpqSync.Core.Configuration;

/// <summary>
/// Validates field defaults and custom mappings when they are saved (docs/behaviour.md §10, CpqSync go-beyond): Stripe
/// destinations must be settable create parameters of the object and not connector-owned; Salesforce source paths
/// must exist, be readable and follow only to-one lookups; values must fit the destination's type.
/// </summary>
public static class MappingValidator
{
    public static IReadOnlyList<SyncError> Validate(SyncConfiguration configuration, ISalesforceDescribe describe)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(describe);
        var errors = new List<SyncError>();
        foreach (var (objectKey, defaults) in configuration.FieldDefaults.OrderBy(static o => o.Key, StringComparer.Ordinal))
        {
            foreach (var (destination, constant) in defaults.OrderBy(static d => d.Key, StringComparer.Ordinal))
            {
                var name = $"field_defaults.{objectKey}.{destination}";
                if (Destination(errors, name, objectKey, destination) is { } parameter && !ConstantFits(parameter, constant))
                {
                    errors.Add(Error(SyncErrorCode.MappingTypeMismatch, name, $"'{constant}'", destination, Describe(parameter)));
                }
            }
        }

        foreach (var (objectKey, mappings) in configuration.FieldMappings.OrderBy(static o => o.Key, StringComparer.Ordinal))
        {
            foreach (var (destination, source) in mappings.OrderBy(static d => d.Key, StringComparer.Ordinal))
            {
                var name = $"field_mappings.{objectKey}.{destination}";
                var parameter = Destination(errors, name, objectKey, destination);
                if (parameter is null || string.IsNullOrWhiteSpace(source))
                {
                    continue;
                }

                var field = Source(errors, name, StripeObjectKeys.SourceObject[objectKey], source, describe);
                if (field is not null && !FieldFits(parameter, field))
                {
                    errors.Add(Error(SyncErrorCode.MappingTypeMismatch, name, $"{field.Type} field", destination, Describe(parameter)));
                }
            }
        }

        return errors;
    }

    private static StripeParameter? Destination(List<SyncError> errors, string name, string objectKey, string destination)
    {
        if (!StripeParameterCatalogue.IsKnownObject(objectKey))
        {
            errors.Add(Error(SyncErrorCode.MappingUnknownObjectKey, name, objectKey));
            return null;
        }

        if (StripeParameterCatalogue.Find(objectKey, destination) is { } parameter)
        {
            return parameter;
        }

        if (StripeParameterCatalogue.IsConnectorOwned(destination))
        {
            errors.Add(Error(SyncErrorCode.MappingConnectorOwnedField, name, destination));
            return null;
        }

        errors.Add(StripeParameterCatalogue.IsReadOnly(destination)
            ? Error(SyncErrorCode.MappingReadOnlyStripeField, name, destination, objectKey)
            : Error(SyncErrorCode.MappingUnknownStripeField, name, destination, objectKey));
        return null;
    }

    /// <summary>Walks <c>Account.Owner.Name</c>: every hop but the last must be a to-one lookup (docs/behaviour.md §10).</summary>
    private static SalesforceField? Source(List<SyncError> errors, string name, string sourceObject, string path, ISalesforceDescribe describe)
    {
        var segments = path.Split('.');
        var start = segments.Length > 1 && string.Equals(segments[0], sourceObject, StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        var current = sourceObject;
        for (var i = start; i < segments.Length - 1; i++)
        {
            var segment = segments[i];
            var lookup = describe.Field(current, Records.RecordSet.LookupField(segment));
            if (lookup is null || lookup.Type != "reference" || lookup.ReferenceTo.Count == 0)
            {
                errors.Add(describe.IsChildRelationship(current, segment)
                    ? Error(SyncErrorCode.MappingToManyPath, name, segment, current)
                    : Error(SyncErrorCode.MappingUnknownSalesforceField, name, segment, current));
                return null;
            }

            current = lookup.ReferenceTo[0];
        }

        var field = describe.Field(current, segments[^1]);
        if (field is null || !field.Readable)
        {
            errors.Add(describe.IsChildRelationship(current, segments[^1])
                ? Error(SyncErrorCode.MappingToManyPath, name, segments[^1], current)
                : Error(SyncErrorCode.MappingUnknownSalesforceField, name, segments[^1], current));
            return null;
        }

        return field;
    }

    private static bool ConstantFits(StripeParameter parameter, string constant) => parameter.Type switch
    {
        StripeParameterType.Integer or StripeParameterType.Timestamp =>
            long.TryParse(constant, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _)
            || parameter.Path.EndsWith("days_until_due", StringComparison.Ordinal),
        StripeParameterType.Decimal => decimal.TryParse(constant, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out _),
        StripeParameterType.Boolean => constant.Trim().ToLowerInvariant() is "true" or "false",
        StripeParameterType.Enum => parameter.Values!.Contains(constant),
        _ => true,
    };

    private static bool FieldFits(StripeParameter parameter, SalesforceField field)
    {
        var numeric = field.Type is "double" or "int" or "currency" or "percent" or "long";
        var text = field.Type is "string" or "picklist" or "textarea" or "email" or "phone" or "url" or "id" or "reference" or "combobox" or "unknown";
        return parameter.Type switch
        {
            // Payment terms are picklists ("Net 30") turned into days (docs/behaviour.md §4.6).
            StripeParameterType.Integer when parameter.Path.EndsWith("days_until_due", StringComparison.Ordinal) => numeric || text,
            StripeParameterType.Integer or StripeParameterType.Decimal => numeric,
            StripeParameterType.Timestamp => field.Type is "date" or "datetime" || numeric,
            StripeParameterType.Boolean => field.Type == "boolean" || text,
            _ => field.Type is not "address" and not "location",
        };
    }

    private static string Describe(StripeParameter parameter) => parameter.Type switch
    {
        StripeParameterType.Enum => "one of " + string.Join(", ", parameter.Values!),
        StripeParameterType.Integer => "an integer",
        var type => "a " + type.ToString().ToLowerInvariant(),
    };

    private static SyncError Error(SyncErrorCode code, params object?[] args) =>
        new(code, ErrorCatalogue.Message(code, args), null, null, (string?)args[0]);
}
