namespace CpqSync.Sandbox.Salesforce.Soql;

/// <summary>
/// Builds the errors Salesforce answers a bad query with. Salesforce echoes the row of the query that holds the
/// problem, puts a caret under the offending token and names its row and column before the message itself.
/// </summary>
internal static class SoqlErrors
{
    public const string MalformedQuery = "MALFORMED_QUERY";
    public const string InvalidField = "INVALID_FIELD";
    public const string InvalidType = "INVALID_TYPE";
    public const string InvalidFilterOperator = "INVALID_QUERY_FILTER_OPERATOR";
    public const string NumberOutsideValidRange = "NUMBER_OUTSIDE_VALID_RANGE";

    private const string CustomFieldHint =
        "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. "
        + "Please reference your WSDL or the describe call for the appropriate names.";

    private const string CustomRelationshipHint =
        "If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. "
        + "Please reference your WSDL or the describe call for the appropriate names.";

    public static SalesforceErrorException UnexpectedToken(string soql, SoqlToken token) =>
        At(soql, token.Offset, MalformedQuery, $"unexpected token: '{(token.Kind == SoqlTokenKind.End ? "<EOF>" : token.Text)}'");

    /// <summary>
    /// A character no SOQL token starts with (<c>$</c>, <c>"</c>, <c>;</c>…). Salesforce reports these from its lexer,
    /// whose column count starts at 0, one less than everywhere else.
    /// </summary>
    public static SalesforceErrorException UnknownCharacter(string soql, int offset)
    {
        var lineStart = offset == 0 ? 0 : soql.LastIndexOf('\n', offset - 1) + 1;
        var row = 1 + soql.AsSpan(0, lineStart).Count('\n');
        var column = offset - lineStart;
        return At(soql, Math.Max(lineStart, offset - 1), MalformedQuery,
            $"line {row}:{column} no viable alternative at character '{soql[offset]}'");
    }

    /// <summary>Child subqueries nested deeper than the API version allows (one level before 58.0, four since).</summary>
    public static SalesforceErrorException ChildRelationshipsTooDeep(int levels) =>
        new(400, MalformedQuery, $"SOQL statements cannot query aggregate relationships more than {levels} "
            + $"level{(levels == 1 ? "" : "s")} away from the root entity object.");

    public static SalesforceErrorException UnknownObject(string soql, int offset, string name) =>
        At(soql, offset, InvalidType,
            $"sObject type '{name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' "
            + "after the entity name. Please reference your WSDL or the describe call for the appropriate names.");

    public static SalesforceErrorException UnknownChildRelationship(string soql, int offset, string name) =>
        At(soql, offset, InvalidType, $"Didn't understand relationship '{name}' in FROM part of query call. {CustomRelationshipHint}");

    public static SalesforceErrorException UnknownField(string soql, int offset, string field, string objectName) =>
        At(soql, offset, InvalidField, $"No such column '{field}' on entity '{objectName}'. {CustomFieldHint}");

    public static SalesforceErrorException UnknownRelationship(string soql, int offset, string name) =>
        At(soql, offset, InvalidField, $"Didn't understand relationship '{name}' in field path. {CustomRelationshipHint}");

    public static SalesforceErrorException WrongLiteralType(string soql, int offset, string field, string typeName, bool quoted) =>
        At(soql, offset, InvalidField,
            $"value of filter criterion for field '{field}' must be of type {typeName} and should "
            + (quoted ? "be enclosed in quotes" : "not be enclosed in quotes"));

    public static SalesforceErrorException InvalidId(string soql, int offset, string value) =>
        At(soql, offset, InvalidFilterOperator, $"invalid ID field: {value}");

    /// <summary>An error message of the form Salesforce uses for problems located in the query text.</summary>
    public static SalesforceErrorException At(string soql, int offset, string errorCode, string message)
    {
        var (row, column, line) = Locate(soql, offset);
        var text = $"\n{line}\n{new string(' ', column - 1)}^\nERROR at Row:{row}:Column:{column}\n{message}";
        return new SalesforceErrorException(400, errorCode, text);
    }

    private static (int Row, int Column, string Line) Locate(string soql, int offset)
    {
        offset = Math.Clamp(offset, 0, soql.Length);
        var lineStart = offset == 0 ? 0 : soql.LastIndexOf('\n', offset - 1) + 1;
        var lineEnd = soql.IndexOf('\n', offset);
        if (lineEnd < 0)
        {
            lineEnd = soql.Length;
        }

        var row = 1 + soql.AsSpan(0, lineStart).Count('\n');
        var line = soql[lineStart..lineEnd].TrimEnd('\r');
        return (row, offset - lineStart + 1, line);
    }
}
