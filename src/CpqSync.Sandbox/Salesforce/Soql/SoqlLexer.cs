using System.Globalization;
using System.Text;

namespace CpqSync.Sandbox.Salesforce.Soql;

/// <summary>Splits a query into tokens, decoding string, number, date and datetime literals as Salesforce reads them.</summary>
internal static class SoqlLexer
{
    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static List<SoqlToken> Tokenize(string soql)
    {
        var tokens = new List<SoqlToken>();
        var i = 0;
        while (true)
        {
            while (i < soql.Length && char.IsWhiteSpace(soql[i]))
            {
                i++;
            }

            if (i >= soql.Length)
            {
                tokens.Add(new SoqlToken(SoqlTokenKind.End, "", soql.Length));
                return tokens;
            }

            var token = Next(soql, i);
            tokens.Add(token);
            i += token.Text.Length;
        }
    }

    private static SoqlToken Next(string soql, int start)
    {
        var c = soql[start];
        if (char.IsAsciiLetter(c) || c == '_')
        {
            var end = start;
            while (end < soql.Length && (char.IsAsciiLetterOrDigit(soql[end]) || soql[end] == '_'))
            {
                end++;
            }

            return new SoqlToken(SoqlTokenKind.Identifier, soql[start..end], start);
        }

        if (char.IsAsciiDigit(c) || ((c == '-' || c == '+') && start + 1 < soql.Length && char.IsAsciiDigit(soql[start + 1])))
        {
            return DateOrNumber(soql, start);
        }

        return c switch
        {
            '\'' => StringLiteral(soql, start),
            ',' => new SoqlToken(SoqlTokenKind.Comma, ",", start),
            '.' => new SoqlToken(SoqlTokenKind.Dot, ".", start),
            ':' => new SoqlToken(SoqlTokenKind.Colon, ":", start),
            '(' => new SoqlToken(SoqlTokenKind.LeftParen, "(", start),
            ')' => new SoqlToken(SoqlTokenKind.RightParen, ")", start),
            '=' => new SoqlToken(SoqlTokenKind.Operator, "=", start),
            '!' when Peek(soql, start + 1) == '=' => new SoqlToken(SoqlTokenKind.Operator, "!=", start),
            '<' when Peek(soql, start + 1) == '>' => new SoqlToken(SoqlTokenKind.Operator, "<>", start),
            '<' when Peek(soql, start + 1) == '=' => new SoqlToken(SoqlTokenKind.Operator, "<=", start),
            '>' when Peek(soql, start + 1) == '=' => new SoqlToken(SoqlTokenKind.Operator, ">=", start),
            '<' or '>' => new SoqlToken(SoqlTokenKind.Operator, c.ToString(), start),
            _ => throw SoqlErrors.UnknownCharacter(soql, start),
        };
    }

    private static char Peek(string soql, int index) => index < soql.Length ? soql[index] : '\0';

    private static SoqlToken DateOrNumber(string soql, int start)
    {
        var end = start;
        while (end < soql.Length && (char.IsAsciiLetterOrDigit(soql[end]) || soql[end] is '.' or '-' or '+' or ':'))
        {
            end++;
        }

        var text = soql[start..end];
        if (text.Length >= 10 && char.IsAsciiDigit(text[0]) && text[4] == '-')
        {
            return DateLiteral(soql, start, text);
        }

        // A number ends where a character that cannot belong to it starts (e.g. "5)" or "5,6").
        var numberEnd = start + 1;
        while (numberEnd < soql.Length && (char.IsAsciiDigit(soql[numberEnd]) || soql[numberEnd] == '.'))
        {
            numberEnd++;
        }

        var number = soql[start..numberEnd];
        if (!decimal.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture,
            out var value))
        {
            throw SoqlErrors.UnexpectedToken(soql, new SoqlToken(SoqlTokenKind.Number, number, start));
        }

        return new SoqlToken(SoqlTokenKind.Number, number, start, value);
    }

    private static SoqlToken DateLiteral(string soql, int start, string text)
    {
        if (text.Length == 10
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new SoqlToken(SoqlTokenKind.Date, text, start, date);
        }

        if (text.Length > 19 && (text[^1] is 'Z' or 'z' || text[^6] is '+' or '-')
            && DateTimeOffset.TryParseExact(text.ToUpperInvariant(), DateTimeFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var dateTime))
        {
            return new SoqlToken(SoqlTokenKind.DateTime, text, start, dateTime.ToUniversalTime());
        }

        throw SoqlErrors.UnexpectedToken(soql, new SoqlToken(SoqlTokenKind.Date, text, start));
    }

    /// <summary>
    /// A quoted string with Salesforce's escapes; <c>\%</c> and <c>\_</c> decode to themselves
    /// (<see cref="LikePattern"/> reads them from the raw text).
    /// </summary>
    private static SoqlToken StringLiteral(string soql, int start)
    {
        var value = new StringBuilder();
        var i = start + 1;
        while (i < soql.Length)
        {
            var c = soql[i];
            if (c == '\'')
            {
                return new SoqlToken(SoqlTokenKind.String, soql[start..(i + 1)], start, value.ToString());
            }

            if (c != '\\')
            {
                value.Append(c);
                i++;
                continue;
            }

            var escape = Peek(soql, i + 1);
            switch (escape)
            {
                case '\'' or '"' or '\\' or '%' or '_':
                    value.Append(escape);
                    break;
                case 'n':
                    value.Append('\n');
                    break;
                case 'r':
                    value.Append('\r');
                    break;
                case 't':
                    value.Append('\t');
                    break;
                case 'b':
                    value.Append('\b');
                    break;
                case 'f':
                    value.Append('\f');
                    break;
                case 'u' when i + 6 <= soql.Length
                    && int.TryParse(soql.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    value.Append((char)code);
                    i += 4;
                    break;
                default:
                    throw SoqlErrors.At(soql, start, SoqlErrors.MalformedQuery,
                        $"Invalid string literal '{soql[(start + 1)..Math.Min(soql.Length, i + 2)]}'. "
                        + $"Illegal character sequence '\\{escape}' in string literal.");
            }

            i += 2;
        }

        // An unterminated string: Salesforce stops at its opening quote.
        throw SoqlErrors.UnexpectedToken(soql, new SoqlToken(SoqlTokenKind.String, "'", start));
    }
}
