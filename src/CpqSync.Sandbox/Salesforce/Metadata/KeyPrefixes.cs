using System.Text;

namespace CpqSync.Sandbox.Salesforce.Metadata;

/// <summary>
/// Gives the package's custom objects id key prefixes that stay the same from run to run (records kept in a data
/// directory keep their ids) and never collide with the prefixes a CPQ org uses.
/// </summary>
/// <remarks>
/// Real orgs hand out custom-object prefixes in install order (a00, a01…); the CPQ reference data uses a00–a1W.
/// Ours come from a2x–a9x, chosen by a hash of the object name so adding an object rarely moves another one.
/// </remarks>
internal static class KeyPrefixes
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string SecondCharacters = "23456789";

    private static readonly string[] Candidates =
        [.. SecondCharacters.SelectMany(second => Base62.Select(third => $"a{second}{third}"))];

    public static IReadOnlyDictionary<string, string> Assign(IEnumerable<string> objectNames)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in objectNames.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase))
        {
            if (result.Count == Candidates.Length)
            {
                throw new InvalidDataException($"More than {Candidates.Length} custom objects: no key prefix left for {name}.");
            }

            var index = (int)(Fnv1a(name.ToUpperInvariant()) % (uint)Candidates.Length);
            while (!taken.Add(Candidates[index]))
            {
                index = (index + 1) % Candidates.Length;
            }

            result[name] = Candidates[index];
        }

        return result;
    }

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash;
    }
}
