namespace CpqSync.Salesforce;

/// <summary>
/// A SOQL statement (or fragment) whose every interpolated value went through <see cref="SoqlLiteral"/>:
/// the only way to build one is <see cref="Soql.Query"/>, so caller data can never change the query's shape.
/// </summary>
public sealed class SoqlQuery : IEquatable<SoqlQuery>
{
    internal SoqlQuery(string text) => Text = text;

    /// <summary>The SOQL text, ready to send.</summary>
    public string Text { get; }

    public override string ToString() => Text;

    public bool Equals(SoqlQuery? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as SoqlQuery);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);
}
