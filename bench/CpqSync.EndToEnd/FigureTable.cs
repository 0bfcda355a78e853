using System.Globalization;
using System.Text;

namespace CpqSync.EndToEnd;

/// <summary>
/// The modes' reports: a heading and a note over a two-column "figure | value" Markdown table (numbers formatted
/// invariantly), written to <c>artifacts/benchmarks/</c> and to the console.
/// </summary>
internal sealed class FigureTable
{
    private readonly StringBuilder _text = new();

    /// <param name="heading">The report's title, or null for a table alone.</param>
    /// <param name="note">The paragraph under the title (the run's conditions), in pieces; none for no paragraph.</param>
    public FigureTable(FormattableString? heading = null, params FormattableString[] note)
    {
        if (heading is not null)
        {
            _text.Append("# ").AppendLine(heading.ToString(CultureInfo.InvariantCulture)).AppendLine();
        }

        if (note.Length > 0)
        {
            _text.AppendJoin(string.Empty, note.Select(static n => n.ToString(CultureInfo.InvariantCulture))).AppendLine().AppendLine();
        }

        _text.AppendLine("| figure | value |").AppendLine("| --- | ---: |");
    }

    public FigureTable Row(string figure, FormattableString value)
    {
        _text.Append("| ").Append(figure).Append(" | ").Append(value.ToString(CultureInfo.InvariantCulture)).AppendLine(" |");
        return this;
    }

    public override string ToString() => _text.ToString();

    /// <summary>Writes <paramref name="text"/> to <c>artifacts/benchmarks/<paramref name="file"/></c> and to the console.</summary>
    public static async Task WriteReportAsync(string file, string text)
    {
        var reports = Path.Combine("artifacts", "benchmarks");
        Directory.CreateDirectory(reports);
        await File.WriteAllTextAsync(Path.Combine(reports, file), text);
        Console.Write(text);
    }
}
