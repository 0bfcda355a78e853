using System.Security.Cryptography;
using System.Text;

namespace CpqSync.Salesforce.Authentication;

/// <summary>
/// A PKCE pair (RFC 7636): the <see cref="Verifier"/> stays with the caller until the code exchange, the
/// <see cref="Challenge"/> (<c>BASE64URL(SHA256(verifier))</c>, method <c>S256</c>) goes in the authorize URL.
/// </summary>
public sealed class PkceChallenge
{
    private PkceChallenge(string verifier)
    {
        Verifier = verifier;
        Challenge = ComputeChallenge(verifier);
    }

    public string Verifier { get; }

    public string Challenge { get; }

    /// <summary>The only method this client sends; <c>plain</c> offers no protection.</summary>
    public static string Method => "S256";

    /// <summary>A new pair with a 43-character verifier made of 32 random bytes.</summary>
    public static PkceChallenge Create() => new(Base64Url.Encode(RandomNumberGenerator.GetBytes(32)));

    /// <summary>Recreates the pair from a verifier kept earlier (43 to 128 characters of <c>[A-Za-z0-9-._~]</c>).</summary>
    public static PkceChallenge FromVerifier(string verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        var valid = verifier.Length is >= 43 and <= 128
            && verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~');
        return valid ? new PkceChallenge(verifier) : throw new ArgumentException("Not a valid PKCE code verifier.", nameof(verifier));
    }

    internal static string ComputeChallenge(string verifier) => Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}

internal static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
