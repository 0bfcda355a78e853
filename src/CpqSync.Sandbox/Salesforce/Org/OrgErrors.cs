namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>The DML errors the org raises, with Salesforce's codes, messages and HTTP statuses.</summary>
internal static class OrgErrors
{
    public const string ResourceMissing = "The requested resource does not exist";

    public static SalesforceErrorException NotFound() => new(404, "NOT_FOUND", ResourceMissing);

    public static SalesforceErrorException NoSuchRecord(string value) =>
        new(404, "NOT_FOUND", $"Provided external ID field does not exist or is not accessible: {value}");

    public static SalesforceErrorException EntityIsDeleted() => new(404, "ENTITY_IS_DELETED", "entity is deleted");

    public static SalesforceErrorException InvalidField(string field, string objectName) =>
        new(400, "INVALID_FIELD", $"No such column '{field}' on sobject of type {objectName}");

    /// <summary>DML on an object the API may only read, such as Organization or CurrencyType.</summary>
    /// <param name="operation"><c>inserted</c>, <c>updated</c> or <c>deleted</c>.</param>
    public static SalesforceErrorException TypeNotSupported(string operation, string objectName) =>
        new(400, "INVALID_TYPE_FOR_OPERATION", $"entity type cannot be {operation}: {objectName}");

    public static SalesforceErrorException RequiredFieldsMissing(IReadOnlyList<string> fields) =>
        new(400, "REQUIRED_FIELD_MISSING", $"Required fields are missing: [{string.Join(", ", fields)}]", [.. fields]);

    public static SalesforceErrorException NotWritable(string field) =>
        new(400, "INVALID_FIELD_FOR_INSERT_UPDATE",
            $"Unable to create/update fields: {field}. Please check the security settings of this field and verify that it is "
            + "read/write for your profile or permission set.",
            field);

    public static SalesforceErrorException StringTooLong(string field, string label, string value, int max) =>
        new(400, "STRING_TOO_LONG", $"{label}: data value too large: {value} (max length={max})", field);

    public static SalesforceErrorException BadPicklistValue(string field, string label, string? value) =>
        new(400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", $"{label}: bad value for restricted picklist field: {value}", field);

    public static SalesforceErrorException MalformedId(string field, string label, string value) =>
        new(400, "MALFORMED_ID", $"{label}: id value of incorrect type: {value}", field);

    public static SalesforceErrorException InvalidCrossReference(string field) =>
        new(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", field);

    public static SalesforceErrorException ParserError(string typeName, string tokenKind, string value) =>
        new(400, "JSON_PARSER_ERROR",
            $"Cannot deserialize instance of {typeName} from {tokenKind} value {value} or request may be missing a required field");

    public static SalesforceErrorException Duplicate(string field, string existingId) =>
        new(400, "DUPLICATE_VALUE", $"duplicate value found: {field} duplicates value on record with id: {existingId}");

    public static SalesforceErrorException FieldIntegrity(string message, params string[] fields) =>
        new(400, "FIELD_INTEGRITY_EXCEPTION", message, fields);

    public static SalesforceErrorException CustomValidation(string message, params string[] fields) =>
        new(400, "FIELD_CUSTOM_VALIDATION_EXCEPTION", message, fields);

    /// <summary>A transaction waited the longest Salesforce lets it (10 seconds) for a record another transaction held.</summary>
    public static SalesforceErrorException UnableToLockRow(string id) =>
        new(400, "UNABLE_TO_LOCK_ROW", $"unable to obtain exclusive access to this record or 1 records: {id}");
}
