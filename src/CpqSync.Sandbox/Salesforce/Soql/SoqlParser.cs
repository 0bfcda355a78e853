namespace CpqSync.Sandbox.Salesforce.Soql;

/// <summary>
/// Recursive-descent parser for the SOQL subset the emulated org serves. Like Salesforce, it refuses to mix
/// <c>AND</c> and <c>OR</c> at one level without parentheses.
/// </summary>
internal sealed class SoqlParser
{
    // Words SOQL reserves: they never name a field, so "SELECT Id, FROM Account" fails at FROM.
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "AND", "ASC", "DESC", "EXCLUDES", "FIRST", "FROM", "GROUP", "HAVING", "IN", "INCLUDES", "LAST", "LIKE", "LIMIT", "NOT",
        "NULL", "NULLS", "OR", "SELECT", "WHERE", "WITH",
    };

    private static readonly HashSet<string> AggregateFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "COUNT", "COUNT_DISTINCT", "SUM", "AVG", "MIN", "MAX",
    };

    private readonly string _soql;
    private readonly List<SoqlToken> _tokens;
    private int _position;

    private SoqlParser(string soql)
    {
        _soql = soql;
        _tokens = SoqlLexer.Tokenize(soql);
    }

    public static QuerySyntax Parse(string soql)
    {
        var parser = new SoqlParser(soql);
        var query = parser.ParseQuery();
        parser.Expect(SoqlTokenKind.End);
        return query;
    }

    private SoqlToken Current => _tokens[_position];

    private SoqlToken Advance() => _tokens[_position++];

    private SalesforceErrorException Unexpected() => SoqlErrors.UnexpectedToken(_soql, Current);

    private SoqlToken Expect(SoqlTokenKind kind) => Current.Kind == kind ? Advance() : throw Unexpected();

    private void ExpectKeyword(string keyword)
    {
        if (!Current.Is(keyword))
        {
            throw Unexpected();
        }

        Advance();
    }

    private bool AcceptKeyword(string keyword)
    {
        if (!Current.Is(keyword))
        {
            return false;
        }

        Advance();
        return true;
    }

    private QuerySyntax ParseQuery()
    {
        ExpectKeyword("SELECT");
        var select = new List<SelectItemSyntax> { ParseSelectItem() };
        while (Current.Kind == SoqlTokenKind.Comma)
        {
            Advance();
            select.Add(ParseSelectItem());
        }

        ExpectKeyword("FROM");
        var fromToken = Expect(SoqlTokenKind.Identifier);
        var from = new NameSyntax(fromToken.Text, fromToken.Offset);
        NameSyntax? qualifier = null;
        if (Current.Kind == SoqlTokenKind.Dot)
        {
            // A child subquery may name its relationship through the parent: (SELECT … FROM Account.Contacts).
            Advance();
            var relationship = Expect(SoqlTokenKind.Identifier);
            qualifier = from;
            from = new NameSyntax(relationship.Text, relationship.Offset);
        }

        SkipScopeClause();
        var where = AcceptKeyword("WHERE") ? ParseCondition() : null;
        SkipSecurityClause();
        var groupBy = new List<FieldPathSyntax>();
        if (AcceptKeyword("GROUP"))
        {
            ExpectKeyword("BY");
            groupBy.Add(ParseFieldPath());
            while (Current.Kind == SoqlTokenKind.Comma)
            {
                Advance();
                groupBy.Add(ParseFieldPath());
            }
        }

        var orderBy = new List<OrderItemSyntax>();
        if (AcceptKeyword("ORDER"))
        {
            ExpectKeyword("BY");
            orderBy.Add(ParseOrderItem());
            while (Current.Kind == SoqlTokenKind.Comma)
            {
                Advance();
                orderBy.Add(ParseOrderItem());
            }
        }

        int? limit = AcceptKeyword("LIMIT") ? ParseCount().Value : null;
        var offset = AcceptKeyword("OFFSET") ? ParseCount() : null;
        SkipLockingClause();
        return new QuerySyntax(select, from, where, orderBy, limit, offset) { GroupBy = groupBy, FromQualifier = qualifier };
    }

    /// <summary>
    /// <c>WITH SECURITY_ENFORCED</c>, <c>WITH USER_MODE</c> or <c>WITH SYSTEM_MODE</c>: the emulated org runs every
    /// query as an administrator who sees every field, so the clause changes nothing.
    /// </summary>
    private void SkipSecurityClause()
    {
        if (!AcceptKeyword("WITH"))
        {
            return;
        }

        if (!Current.Is("SECURITY_ENFORCED") && !Current.Is("USER_MODE") && !Current.Is("SYSTEM_MODE"))
        {
            throw Unexpected();
        }

        Advance();
    }

    /// <summary><c>USING SCOPE Everything</c>, <c>Mine</c>…: the emulated org's single user sees every record anyway.</summary>
    private void SkipScopeClause()
    {
        if (AcceptKeyword("USING"))
        {
            ExpectKeyword("SCOPE");
            Expect(SoqlTokenKind.Identifier);
        }
    }

    /// <summary><c>FOR VIEW</c>, <c>FOR REFERENCE</c> or <c>FOR UPDATE</c>: no effect on the rows returned.</summary>
    private void SkipLockingClause()
    {
        if (!AcceptKeyword("FOR"))
        {
            return;
        }

        if (!Current.Is("VIEW") && !Current.Is("REFERENCE") && !Current.Is("UPDATE"))
        {
            throw Unexpected();
        }

        Advance();
    }

    private NumberSyntax ParseCount()
    {
        var token = Current;
        if (token.Kind != SoqlTokenKind.Number || token.Value is not decimal value || value < 0 || value != decimal.Truncate(value)
            || value > int.MaxValue)
        {
            throw Unexpected();
        }

        Advance();
        return new NumberSyntax((int)value, token.Offset);
    }

    private SelectItemSyntax ParseSelectItem()
    {
        var start = Current;
        if (start.Kind == SoqlTokenKind.LeftParen)
        {
            Advance();
            var query = ParseQuery();
            Expect(SoqlTokenKind.RightParen);
            return new SubquerySelectSyntax(query, start.Offset);
        }

        if (start.Is("COUNT") && Peek(1).Kind == SoqlTokenKind.LeftParen && Peek(2).Kind == SoqlTokenKind.RightParen)
        {
            Advance();
            Advance();
            Expect(SoqlTokenKind.RightParen);
            return new CountSelectSyntax(start.Offset);
        }

        if (start.Kind == SoqlTokenKind.Identifier && AggregateFunctions.Contains(start.Text) && Peek(1).Kind == SoqlTokenKind.LeftParen)
        {
            Advance();
            Advance();
            var field = ParseFieldPath();
            Expect(SoqlTokenKind.RightParen);
            string? alias = null;
            if (Current.Kind == SoqlTokenKind.Identifier && !Reserved.Contains(Current.Text))
            {
                alias = Advance().Text;
            }

            return new AggregateSelectSyntax(start.Text.ToUpperInvariant(), field, alias, start.Offset);
        }

        if (start.Is("FIELDS") && Peek(1).Kind == SoqlTokenKind.LeftParen)
        {
            Advance();
            Advance();
            var kind = Current;
            if (!kind.Is("ALL") && !kind.Is("STANDARD") && !kind.Is("CUSTOM"))
            {
                throw Unexpected();
            }

            Advance();
            Expect(SoqlTokenKind.RightParen);
            return new FieldsSelectSyntax(kind.Text.ToUpperInvariant(), start.Offset);
        }

        return new FieldSelectSyntax(ParseFieldPath());
    }

    private SoqlToken Peek(int ahead) => _tokens[Math.Min(_position + ahead, _tokens.Count - 1)];

    private FieldPathSyntax ParseFieldPath()
    {
        if (Reserved.Contains(Current.Text))
        {
            throw Unexpected();
        }

        var first = Expect(SoqlTokenKind.Identifier);
        var segments = new List<NameSyntax> { new(first.Text, first.Offset) };
        while (Current.Kind == SoqlTokenKind.Dot)
        {
            Advance();
            var next = Expect(SoqlTokenKind.Identifier);
            segments.Add(new NameSyntax(next.Text, next.Offset));
        }

        return new FieldPathSyntax(segments);
    }

    private OrderItemSyntax ParseOrderItem()
    {
        var field = ParseFieldPath();
        var descending = false;
        if (AcceptKeyword("DESC"))
        {
            descending = true;
        }
        else
        {
            AcceptKeyword("ASC");
        }

        bool? nullsFirst = null;
        if (AcceptKeyword("NULLS"))
        {
            if (AcceptKeyword("FIRST"))
            {
                nullsFirst = true;
            }
            else
            {
                ExpectKeyword("LAST");
                nullsFirst = false;
            }
        }

        return new OrderItemSyntax(field, descending, nullsFirst);
    }

    private ConditionSyntax ParseCondition()
    {
        var first = ParseUnary();
        if (!Current.Is("AND") && !Current.Is("OR"))
        {
            return first;
        }

        var logical = Current.Text.ToUpperInvariant();
        var other = logical == "AND" ? "OR" : "AND";
        var operands = new List<ConditionSyntax> { first };
        while (AcceptKeyword(logical))
        {
            operands.Add(ParseUnary());
        }

        if (Current.Is(other))
        {
            // Salesforce wants parentheses whenever AND and OR meet.
            throw Unexpected();
        }

        return logical == "AND" ? new AndSyntax(operands) : new OrSyntax(operands);
    }

    private ConditionSyntax ParseUnary()
    {
        if (AcceptKeyword("NOT"))
        {
            return new NotSyntax(ParseUnary());
        }

        if (Current.Kind == SoqlTokenKind.LeftParen)
        {
            Advance();
            var inner = ParseCondition();
            Expect(SoqlTokenKind.RightParen);
            return inner;
        }

        return ParseFieldExpression();
    }

    private ConditionSyntax ParseFieldExpression()
    {
        var field = ParseFieldPath();
        if (Current.Is("NOT") && Peek(1).Is("IN"))
        {
            Advance();
            Advance();
            return ParseInTail(field, negated: true);
        }

        if (AcceptKeyword("IN"))
        {
            return ParseInTail(field, negated: false);
        }

        if (Current.Is("INCLUDES") || Current.Is("EXCLUDES"))
        {
            var excludes = Advance().Is("EXCLUDES");
            return new MultiPicklistSyntax(field, excludes, ParseLiteralList());
        }

        if (Current.Is("LIKE"))
        {
            Advance();
            return new ComparisonSyntax(field, "LIKE", ParseLiteral());
        }

        if (Current.Kind != SoqlTokenKind.Operator)
        {
            throw Unexpected();
        }

        var op = Advance().Text;
        return new ComparisonSyntax(field, op == "<>" ? "!=" : op, ParseLiteral());
    }

    private ConditionSyntax ParseInTail(FieldPathSyntax field, bool negated)
    {
        Expect(SoqlTokenKind.LeftParen);
        if (Current.Is("SELECT"))
        {
            var offset = Current.Offset;
            var query = ParseQuery();
            Expect(SoqlTokenKind.RightParen);
            return new SemiJoinSyntax(field, negated, query, offset);
        }

        return new InListSyntax(field, negated, ParseLiteralValues());
    }

    private List<SoqlToken> ParseLiteralList()
    {
        Expect(SoqlTokenKind.LeftParen);
        return ParseLiteralValues();
    }

    /// <summary>The values of a list whose opening parenthesis has been read, up to and including the closing one.</summary>
    private List<SoqlToken> ParseLiteralValues()
    {
        var values = new List<SoqlToken> { ParseLiteral() };
        while (Current.Kind == SoqlTokenKind.Comma)
        {
            Advance();
            values.Add(ParseLiteral());
        }

        Expect(SoqlTokenKind.RightParen);
        return values;
    }

    /// <summary>
    /// A value: string, number, date, datetime, <c>true</c>/<c>false</c>/<c>null</c>, or a date literal
    /// (<c>TODAY</c>, <c>LAST_N_DAYS:30</c>…; the <c>:n</c> argument is carried as the token's value).
    /// </summary>
    private SoqlToken ParseLiteral()
    {
        var token = Current;
        switch (token.Kind)
        {
            case SoqlTokenKind.String or SoqlTokenKind.Number or SoqlTokenKind.Date or SoqlTokenKind.DateTime:
                return Advance();
            case SoqlTokenKind.Identifier when token.Is("TRUE") || token.Is("FALSE") || token.Is("NULL"):
                return Advance();
            case SoqlTokenKind.Identifier when DateLiterals.IsKnown(token.Text, out var takesArgument):
                Advance();
                if (!takesArgument)
                {
                    return token;
                }

                Expect(SoqlTokenKind.Colon);
                var count = ParseCount();
                return token with { Value = count.Value };
            default:
                throw Unexpected();
        }
    }
}
