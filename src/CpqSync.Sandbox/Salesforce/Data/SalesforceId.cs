namespace CpqSync.Sandbox.Salesforce.Data;

/// <summary>Salesforce record ids: 15 case-sensitive characters plus a 3-character case-safe checksum.</summary>
public static class SalesforceId
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Builds the 18-character id for a key prefix, a pod/instance part and a sequence number.</summary>
    public static string Create(string keyPrefix, long sequence, string instance = "5g0")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        var body = new char[9];
        for (var i = body.Length - 1; i >= 0; i--)
        {
            body[i] = Base62[(int)(sequence % 62)];
            sequence /= 62;
        }

        return ToEighteen(keyPrefix + instance + new string(body));
    }

    /// <summary>Adds the case-safe checksum to a 15-character id; an 18-character id is returned as given.</summary>
    public static string ToEighteen(string id)
    {
        if (id.Length == 18)
        {
            return id;
        }

        if (id.Length != 15)
        {
            throw new ArgumentException($"A Salesforce id has 15 or 18 characters, not {id.Length}.", nameof(id));
        }

        var suffix = new char[3];
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var bits = 0;
            for (var i = 0; i < 5; i++)
            {
                if (char.IsAsciiLetterUpper(id[(chunk * 5) + i]))
                {
                    bits |= 1 << i;
                }
            }

            suffix[chunk] = Alphabet[bits];
        }

        return id + new string(suffix);
    }

    /// <summary>True when <paramref name="value"/> looks like an id (15 or 18 alphanumerics, valid checksum when 18).</summary>
    public static bool IsValid(string? value)
    {
        if (value is null || (value.Length != 15 && value.Length != 18) || !value.All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        return value.Length == 15 || string.Equals(ToEighteen(value[..15]), value, StringComparison.Ordinal);
    }

    /// <summary>Normalises a 15- or 18-character id to 18 characters, or returns null when it is not an id.</summary>
    public static string? Normalize(string? value) => IsValid(value) ? ToEighteen(value![..15]) : null;
}
