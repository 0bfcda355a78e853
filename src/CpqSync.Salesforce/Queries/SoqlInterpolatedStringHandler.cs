using System.Runtime.CompilerServices;
using System.Text;

namespace CpqSync.Salesforce;

/// <summary>
/// Builds a <see cref="SoqlQuery"/> from an interpolated string: the literal parts are the query's text, and every
/// hole is formatted as a SOQL value (a quoted, escaped string, a number, a date...), never spliced in as text.
/// Field and object names go in through <see cref="Soql.Identifier"/> or <see cref="Soql.Fields"/>.
/// </summary>
/// <remarks>
/// There is deliberately no overload taking a format string or alignment: <c>{value:N2}</c> does not compile.
/// </remarks>
[InterpolatedStringHandler]
public readonly ref struct SoqlInterpolatedStringHandler
{
    private readonly StringBuilder _builder;

    public SoqlInterpolatedStringHandler(int literalLength, int formattedCount)
    {
        _builder = new StringBuilder(literalLength + (formattedCount * 16));
    }

    public void AppendLiteral(string value) => _builder.Append(value);

    public void AppendFormatted<T>(T value) => SoqlLiteral.AppendTo(_builder, value);

    /// <summary>Lets <c>{null}</c> be written directly (it has no type to infer).</summary>
    public void AppendFormatted(object? value) => SoqlLiteral.AppendTo(_builder, value);

    internal SoqlQuery ToQuery() => new(_builder.ToString());
}
