using System.Text.Json;
using CpqSync.Salesforce;

namespace CpqSync.Engine.Filters;

/// <summary>
/// Checks filters against describe before they are saved or run: the object is filterable by the sync, the field
/// exists and Salesforce can filter on it, the operator suits the field's type, the values are of that type, and a
/// picklist value is one the picklist knows.
/// </summary>
public static class SyncFilterValidator
{
    private static readonly HashSet<string> TextTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "string", "picklist", "textarea", "email", "phone", "url", "combobox", "id", "reference",
    };

    private static readonly HashSet<string> NumberTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "double", "currency", "percent", "int", "long",
    };

    /// <summary>Every problem with <paramref name="filters"/>; empty when they are all valid. Costs one describe per object, cached by the client.</summary>
    public static async Task<IReadOnlyList<SyncFilterError>> ValidateAsync(
        IEnumerable<SyncFilter> filters, SalesforceClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filters);
        ArgumentNullException.ThrowIfNull(client);
        var errors = new List<SyncFilterError>();
        foreach (var filter in filters)
        {
            var problem = await FindProblemAsync(filter, client, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                errors.Add(new SyncFilterError(filter, problem));
            }
        }

        return errors;
    }

    private static async Task<string?> FindProblemAsync(SyncFilter filter, SalesforceClient client, CancellationToken cancellationToken)
    {
        var objectName = SyncPreferences.FilterableObjects.FirstOrDefault(o => string.Equals(o, filter.ObjectName, StringComparison.OrdinalIgnoreCase));
        if (objectName is null)
        {
            return $"filters apply to {string.Join(", ", SyncPreferences.FilterableObjects)}, not '{filter.ObjectName}'.";
        }

        if (!SoqlIdentifier.IsValid(filter.Field, allowPath: false))
        {
            return $"'{filter.Field}' is not a field name.";
        }

        var describe = await client.DescribeAsync(objectName, cancellationToken).ConfigureAwait(false);
        var field = describe.Field(filter.Field);
        if (field is null)
        {
            return $"{objectName} has no field '{filter.Field}'.";
        }

        if (!IsFilterable(describe, field.Name))
        {
            return $"Salesforce can't filter on {objectName}.{field.Name}.";
        }

        return ArityProblem(filter) ?? OperatorProblem(filter.Operator, field) ?? filter.Values.Select(v => ValueProblem(v, filter.Operator, field)).FirstOrDefault(p => p is not null);
    }

    private static bool IsFilterable(SObjectDescribe describe, string fieldName)
    {
        if (describe.Raw.ValueKind != JsonValueKind.Object || !describe.Raw.TryGetProperty("fields", out var fields))
        {
            return true;
        }

        foreach (var field in fields.EnumerateArray())
        {
            if (string.Equals(field.GetProperty("name").GetString(), fieldName, StringComparison.OrdinalIgnoreCase))
            {
                return !field.TryGetProperty("filterable", out var filterable) || filterable.ValueKind != JsonValueKind.False;
            }
        }

        return true;
    }

    private static string? ArityProblem(SyncFilter filter) => filter.Operator switch
    {
        FilterOperator.IsNull or FilterOperator.IsNotNull when filter.Values.Count != 0 => "takes no value.",
        FilterOperator.In or FilterOperator.NotIn when filter.Values.Count == 0 => "needs at least one value.",
        FilterOperator.IsNull or FilterOperator.IsNotNull or FilterOperator.In or FilterOperator.NotIn => null,
        _ when filter.Values.Count != 1 => "needs exactly one value.",
        _ => null,
    };

    private static string? OperatorProblem(FilterOperator op, FieldDescribe field)
    {
        var type = field.Type;
        return op switch
        {
            FilterOperator.Like or FilterOperator.StartsWith when !TextTypes.Contains(type) || type is "id" or "reference" =>
                $"{op} needs a text field; {field.Name} is a {type} field.",
            FilterOperator.LessThan or FilterOperator.LessThanOrEqualTo or FilterOperator.GreaterThan or FilterOperator.GreaterThanOrEqualTo
                when string.Equals(type, "boolean", StringComparison.OrdinalIgnoreCase) =>
                $"{op} can't compare the boolean field {field.Name}.",
            _ => null,
        };
    }

    private static string? ValueProblem(object? value, FilterOperator op, FieldDescribe field)
    {
        var type = field.Type.ToLowerInvariant();
        var fits = value switch
        {
            // A pattern need not be a whole value; an exact comparison must name one the picklist has.
            string text when type == "picklist" && field.PicklistValues.Count > 0 && op is not (FilterOperator.Like or FilterOperator.StartsWith) =>
                field.PicklistValues.Any(p => string.Equals(p.Value, text, StringComparison.Ordinal))
                    ? true
                    : (bool?)null,
            string => TextTypes.Contains(type),
            int or long or decimal => NumberTypes.Contains(type),
            double d => NumberTypes.Contains(type) && double.IsFinite(d),
            bool => type == "boolean",
            DateOnly => type == "date",
            DateTimeOffset => type == "datetime",
            _ => false,
        };
        return fits switch
        {
            true => null,
            null => $"'{value}' is not a value of the picklist {field.Name}.",
            false => $"{Describe(value)} does not fit {field.Name}, a {field.Type} field.",
        };
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string text => $"the text '{text}'",
        _ => $"the {value.GetType().Name} {value}",
    };
}
