namespace CpqSync.Cli;

/// <summary>
/// Checks a Salesforce id named on the command line before asking Salesforce: a malformed id is "not found" (exit 3),
/// while Salesforce would refuse the query as malformed and look unreachable.
/// </summary>
public static class RecordIds
{
    private const string SuffixAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    /// <summary>15 letters and digits, or 18 whose last three encode the case of the first fifteen.</summary>
    public static bool IsValid(string? id)
    {
        if (id is not { Length: 15 or 18 } || !id.All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        return id.Length == 15 || string.Equals(id[15..], Suffix(id), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Salesforce's case-safe suffix: for each block of five characters, a bit per upper-case letter (first character
    /// lowest), as one character of A–Z0–5. Salesforce accepts the suffix in either case.
    /// </summary>
    private static string Suffix(string id)
    {
        var suffix = new char[3];
        for (var block = 0; block < 3; block++)
        {
            var bits = 0;
            for (var i = 0; i < 5; i++)
            {
                if (char.IsAsciiLetterUpper(id[(block * 5) + i]))
                {
                    bits |= 1 << i;
                }
            }

            suffix[block] = SuffixAlphabet[bits];
        }

        return new string(suffix);
    }

    /// <exception cref="CliException">The id is not a Salesforce id (exit code 3).</exception>
    public static string Require(string id, string objectLabel)
    {
        var trimmed = id.Trim();
        return IsValid(trimmed)
            ? trimmed
            : throw new CliException(ExitCodes.NotFound, $"{objectLabel} '{trimmed}' is not a valid Salesforce record id.");
    }
}
