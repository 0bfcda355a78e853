using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Soql;

/// <summary>
/// Converts a filter literal to the type its field stores, refusing the combinations Salesforce refuses
/// (a quoted string for a boolean, a number for a text field, a date for a datetime…).
/// </summary>
internal static class LiteralBinder
{
    public static BoundValue Bind(string soql, FieldSchema field, SoqlToken literal)
    {
        if (literal.Is("NULL"))
        {
            return new ConstantValue(null);
        }

        var category = Categorize(field.Type);
        switch (category, literal.Kind)
        {
            case (Category.Text, SoqlTokenKind.String):
                return new ConstantValue(literal.Value);
            case (Category.Id, SoqlTokenKind.String):
                var id = (string)literal.Value!;
                return new ConstantValue(SalesforceId.Normalize(id) ?? throw SoqlErrors.InvalidId(soql, literal.Offset, id));
            case (Category.Boolean, SoqlTokenKind.Identifier) when literal.Is("TRUE") || literal.Is("FALSE"):
                return new ConstantValue(literal.Is("TRUE"));
            case (Category.Number, SoqlTokenKind.Number):
                return new ConstantValue(literal.Value);
            case (Category.Date, SoqlTokenKind.Date):
            case (Category.DateTime, SoqlTokenKind.DateTime):
                return new ConstantValue(literal.Value);
            case (Category.Date or Category.DateTime, SoqlTokenKind.Identifier) when DateLiterals.IsKnown(literal.Text, out _):
                return new RelativeDateValue(literal.Text.ToUpperInvariant(), literal.Value is int n ? n : 0);
            case (Category.Any, _):
                return new ConstantValue(literal.Value ?? (literal.Is("TRUE") ? true : literal.Is("FALSE") ? false : literal.Text));
            default:
                var quoted = category is Category.Text or Category.Id;
                throw SoqlErrors.WrongLiteralType(soql, literal.Offset, field.Name, TypeName(field.Type), quoted);
        }
    }

    private enum Category
    {
        Text,
        Id,
        Boolean,
        Number,
        Date,
        DateTime,
        Any,
    }

    private static Category Categorize(FieldType type) => type switch
    {
        FieldType.Id or FieldType.Reference => Category.Id,
        FieldType.Boolean => Category.Boolean,
        FieldType.Int or FieldType.Double or FieldType.Currency or FieldType.Percent => Category.Number,
        FieldType.Date => Category.Date,
        FieldType.DateTime => Category.DateTime,
        FieldType.AnyType => Category.Any,
        _ => Category.Text,
    };

    /// <summary>The type name Salesforce's message uses for a field type.</summary>
    private static string TypeName(FieldType type) => type switch
    {
        FieldType.Id or FieldType.Reference => "id",
        FieldType.Boolean => "boolean",
        FieldType.Int => "integer",
        FieldType.Double or FieldType.Currency or FieldType.Percent => "double",
        FieldType.Date => "date",
        FieldType.DateTime => "dateTime",
        _ => "string",
    };
}
