using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>Checks an object's validation rules against the record about to be saved.</summary>
internal static class Validations
{
    public static void Check(SObjectSchema schema, SObjectRecord record)
    {
        foreach (var rule in schema.ValidationRules)
        {
            if (rule.Conditions.All(c => Holds(schema, record, c)))
            {
                throw rule.ErrorDisplayField is { } field
                    ? OrgErrors.CustomValidation(rule.ErrorMessage, schema.FindField(field)?.Name ?? field)
                    : OrgErrors.CustomValidation(rule.ErrorMessage);
            }
        }
    }

    private static bool Holds(SObjectSchema schema, SObjectRecord record, ValidationCondition condition)
    {
        var field = schema.FindField(condition.Field);
        if (field is null)
        {
            return false;
        }

        var actual = record[field.Name];
        var blank = actual is null or "";
        if (condition.Operator == "isBlank")
        {
            return blank;
        }

        if (condition.Operator == "isNotBlank")
        {
            return !blank;
        }

        var expected = condition.ValueJson is null ? null : FieldValues.FromJsonText(field, condition.ValueJson);
        return condition.Operator switch
        {
            "equals" => ValueChecks.SameValue(actual, expected),
            "notEquals" => !ValueChecks.SameValue(actual, expected),
            "greaterThan" => Compare(actual, expected) > 0,
            "lessThan" => Compare(actual, expected) < 0,
            _ => false,
        };
    }

    /// <summary>Orders two values of one field; a blank value never satisfies a comparison (returns 0).</summary>
    private static int Compare(object? actual, object? expected) => (actual, expected) switch
    {
        (decimal a, decimal b) => a.CompareTo(b),
        (DateOnly a, DateOnly b) => a.CompareTo(b),
        (DateTimeOffset a, DateTimeOffset b) => a.CompareTo(b),
        (string a, string b) => string.CompareOrdinal(a, b),
        _ => 0,
    };
}
