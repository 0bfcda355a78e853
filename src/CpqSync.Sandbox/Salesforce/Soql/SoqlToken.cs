namespace CpqSync.Sandbox.Salesforce.Soql;

internal enum SoqlTokenKind
{
    Identifier,
    String,
    Number,
    Date,
    DateTime,
    Operator,
    Comma,
    Dot,
    Colon,
    LeftParen,
    RightParen,
    End,
}

/// <summary>
/// One token of a query. <see cref="Offset"/> is its position in the query text (for error carets);
/// <see cref="Value"/> is the decoded literal: the unescaped text of a string, a <c>decimal</c>, a <c>DateOnly</c>
/// or a <c>DateTimeOffset</c>.
/// </summary>
internal sealed record SoqlToken(SoqlTokenKind Kind, string Text, int Offset, object? Value = null)
{
    public bool Is(string keyword) => Kind == SoqlTokenKind.Identifier && Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);
}
