namespace CpqSync.Sandbox.Salesforce.Schema;

/// <summary>
/// A validation rule as an org admin would add one: when every condition holds, the insert or update fails with
/// <c>FIELD_CUSTOM_VALIDATION_EXCEPTION</c> and <see cref="ErrorMessage"/>.
/// </summary>
public sealed record ValidationRuleSchema(
    string Name,
    string ErrorMessage,
    string? ErrorDisplayField,
    IReadOnlyList<ValidationCondition> Conditions);

/// <summary>
/// One test on a field: <c>isBlank</c>, <c>isNotBlank</c>, <c>equals</c>, <c>notEquals</c>, <c>greaterThan</c> or
/// <c>lessThan</c>; <paramref name="ValueJson"/> is the JSON literal compared with (null for the blank tests).
/// </summary>
public sealed record ValidationCondition(string Field, string Operator, string? ValueJson);
