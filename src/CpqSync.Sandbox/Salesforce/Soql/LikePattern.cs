using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CpqSync.Sandbox.Salesforce.Soql;

/// <summary>
/// A LIKE pattern: <c>%</c> matches any run of characters, <c>_</c> exactly one, <c>\%</c> and <c>\_</c> themselves;
/// matching is case-insensitive, as in Salesforce.
/// </summary>
internal static class LikePattern
{
    /// <summary>Compiles the raw string literal (quotes included), whose escapes the lexer has already validated.</summary>
    public static Regex Compile(string quotedLiteral)
    {
        var raw = quotedLiteral[1..^1];
        var pattern = new StringBuilder("^");
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%')
            {
                pattern.Append(".*");
                continue;
            }

            if (c == '_')
            {
                pattern.Append('.');
                continue;
            }

            if (c != '\\')
            {
                pattern.Append(Regex.Escape(c.ToString()));
                continue;
            }

            var escape = raw[++i];
            var literal = escape switch
            {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'b' => '\b',
                'f' => '\f',
                'u' => (char)int.Parse(raw.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture),
                _ => escape,
            };
            if (escape == 'u')
            {
                i += 4;
            }

            pattern.Append(Regex.Escape(literal.ToString()));
        }

        pattern.Append('$');
        return new Regex(pattern.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }
}
