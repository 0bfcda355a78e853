using System.Text;

namespace CpqSync.Core.Mapping;

/// <summary>
/// sObject API name → the <c>object_name</c> used in metadata keys (docs/behaviour.md §1): snake_case, <c>__c</c> and
/// <c>sbqq__</c> removed, <c>order_item_</c> shortened to <c>oi_</c>.
/// </summary>
public static class ObjectNames
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static string ForMetadata(string sObjectType) => Cache.GetOrAdd(sObjectType, Convert);

    private static string Convert(string sObjectType)
    {
        var name = sObjectType;
        if (name.EndsWith("__c", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^3];
        }

        if (name.StartsWith("SBQQ__", StringComparison.OrdinalIgnoreCase))
        {
            name = name[6..];
        }

        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])))
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        var snake = builder.ToString();
        return snake.StartsWith("order_item_", StringComparison.Ordinal) ? string.Concat("oi_", snake.AsSpan(11)) : snake;
    }
}
