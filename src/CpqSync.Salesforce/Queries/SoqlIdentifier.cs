namespace CpqSync.Salesforce;

/// <summary>
/// An object or field name (<c>Account</c>, <c>SBQQ__Quote__c</c>, <c>PricebookEntry.Product2.Name</c>) that has been
/// checked to hold only letters, digits, underscores and dots, so it can be placed into a query as is.
/// </summary>
public sealed class SoqlIdentifier : IEquatable<SoqlIdentifier>
{
    private SoqlIdentifier(string name) => Name = name;

    public string Name { get; }

    /// <summary>Validates <paramref name="name"/>: dot-separated segments, each a letter followed by letters, digits or underscores.</summary>
    /// <exception cref="ArgumentException">The name holds anything else.</exception>
    public static SoqlIdentifier Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsValid(name, allowPath: true))
        {
            throw new ArgumentException($"'{name}' is not a valid SOQL field or object name.", nameof(name));
        }

        return new SoqlIdentifier(name);
    }

    /// <summary>True when <paramref name="name"/> is a single name (or, with <paramref name="allowPath"/>, a dotted path).</summary>
    public static bool IsValid(string? name, bool allowPath)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 255)
        {
            return false;
        }

        var segmentStart = true;
        foreach (var c in name)
        {
            if (c == '.')
            {
                if (!allowPath || segmentStart)
                {
                    return false;
                }

                segmentStart = true;
                continue;
            }

            var ok = segmentStart ? char.IsAsciiLetter(c) : char.IsAsciiLetterOrDigit(c) || c == '_';
            if (!ok)
            {
                return false;
            }

            segmentStart = false;
        }

        return !segmentStart;
    }

    internal static string RequireName(string name, string paramName)
    {
        ArgumentNullException.ThrowIfNull(name, paramName);
        return IsValid(name, allowPath: false)
            ? name
            : throw new ArgumentException($"'{name}' is not a valid Salesforce object or field name.", paramName);
    }

    public override string ToString() => Name;

    public bool Equals(SoqlIdentifier? other) => other is not null && string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

    public override bool Equals(object? obj) => Equals(obj as SoqlIdentifier);

    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Name);
}

/// <summary>A comma-separated list of validated field names, for a <c>SELECT</c> clause or <c>ORDER BY</c>.</summary>
public sealed class SoqlFieldList
{
    internal SoqlFieldList(IReadOnlyList<SoqlIdentifier> fields) => Fields = fields;

    public IReadOnlyList<SoqlIdentifier> Fields { get; }

    public override string ToString() => string.Join(", ", Fields.Select(f => f.Name));
}
