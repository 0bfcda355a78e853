using System.Collections;
using System.Globalization;
using System.Text;

namespace CpqSync.Salesforce;

/// <summary>Formats .NET values as SOQL literals, following Salesforce's quoting and escaping rules.</summary>
public static class SoqlLiteral
{
    /// <summary>
    /// The SOQL literal for <paramref name="value"/>: <c>null</c>, <c>true</c>/<c>false</c>, numbers in invariant culture,
    /// strings quoted and escaped, <see cref="DateOnly"/> as <c>2026-01-31</c>, UTC datetimes as <c>2026-01-31T09:00:00Z</c>,
    /// and a non-empty sequence of those as an <c>IN</c> list <c>('a', 'b')</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The value has no SOQL literal form (for example NaN, an empty list, a local time without zone).</exception>
    public static string Format(object? value)
    {
        var builder = new StringBuilder();
        AppendTo(builder, value);
        return builder.ToString();
    }

    /// <summary>
    /// Escapes text for use between single quotes: <c>\\ \' \" \n \r \t \b \f</c>, and any other control character as
    /// <c>\uXXXX</c>, so nothing in the value can end the string or start a new clause.
    /// </summary>
    public static string EscapeString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 8);
        AppendEscaped(builder, value);
        return builder.ToString();
    }

    internal static void AppendTo<T>(StringBuilder builder, T value)
    {
        switch (value)
        {
            case IEnumerable sequence and not string:
                AppendList(builder, sequence);
                break;
            default:
                AppendScalar(builder, value);
                break;
        }
    }

    private static void AppendList(StringBuilder builder, IEnumerable sequence)
    {
        builder.Append('(');
        var first = true;
        foreach (var item in sequence)
        {
            if (item is IEnumerable and not string)
            {
                throw new ArgumentException("An IN list cannot hold another list.");
            }

            if (!first)
            {
                builder.Append(", ");
            }

            AppendScalar(builder, item);
            first = false;
        }

        if (first)
        {
            // SOQL rejects "IN ()"; a caller with nothing to match should not query at all.
            throw new ArgumentException("An IN list needs at least one value.");
        }

        builder.Append(')');
    }

    private static void AppendScalar(StringBuilder builder, object? value)
    {
        var invariant = CultureInfo.InvariantCulture;
        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case SoqlQuery fragment:
                builder.Append(fragment.Text);
                break;
            case SoqlIdentifier identifier:
                builder.Append(identifier.Name);
                break;
            case SoqlFieldList fields:
                builder.Append(fields.ToString());
                break;
            case SoqlLikePattern like:
                builder.Append('\'').Append(like.Pattern).Append('\'');
                break;
            case SoqlDateLiteral dateLiteral:
                builder.Append(dateLiteral.Text);
                break;
            case string text:
                builder.Append('\'');
                AppendEscaped(builder, text);
                builder.Append('\'');
                break;
            case char c:
                builder.Append('\'');
                AppendEscaped(builder, c.ToString());
                builder.Append('\'');
                break;
            case bool flag:
                builder.Append(flag ? "true" : "false");
                break;
            case byte or sbyte or short or ushort or int or uint or long or ulong or decimal:
                builder.Append(((IFormattable)value).ToString(null, invariant));
                break;
            case double d:
                AppendFloatingPoint(builder, d);
                break;
            case float f:
                AppendFloatingPoint(builder, f);
                break;
            case DateOnly date:
                builder.Append(date.ToString("yyyy-MM-dd", invariant));
                break;
            case DateTime dateTime:
                AppendDateTime(builder, ToUtc(dateTime));
                break;
            case DateTimeOffset dateTimeOffset:
                AppendDateTime(builder, dateTimeOffset.UtcDateTime);
                break;
            case Guid guid:
                builder.Append('\'').Append(guid.ToString("D")).Append('\'');
                break;
            case Enum enumValue:
                builder.Append('\'');
                AppendEscaped(builder, enumValue.ToString());
                builder.Append('\'');
                break;
            default:
                throw new ArgumentException($"A {value.GetType().Name} has no SOQL literal form.");
        }
    }

    private static void AppendFloatingPoint(StringBuilder builder, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException("NaN and infinity have no SOQL literal form.");
        }

        // SOQL has no exponent notation: go through decimal, which prints plain digits.
        if (Math.Abs(value) >= (double)decimal.MaxValue)
        {
            throw new ArgumentException("The number is too large for a SOQL literal.");
        }

        builder.Append(((decimal)value).ToString(CultureInfo.InvariantCulture));
    }

    private static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => throw new ArgumentException(
            "A DateTime of unspecified kind is ambiguous; pass a UTC DateTime or a DateTimeOffset."),
    };

    private static void AppendDateTime(StringBuilder builder, DateTime utc)
    {
        var format = utc.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        builder.Append(utc.ToString(format, CultureInfo.InvariantCulture));
    }

    private static void AppendEscaped(StringBuilder builder, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': builder.Append("\\\\"); break;
                case '\'': builder.Append("\\'"); break;
                case '"': builder.Append("\\\""); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }
    }
}
