using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace CpqSync.Sandbox.Salesforce.OAuth;

/// <summary>Proof Key for Code Exchange (RFC 7636): S256 and plain challenges.</summary>
internal static class Pkce
{
    public static bool Matches(string challenge, string method, string? verifier)
    {
        if (string.IsNullOrEmpty(verifier))
        {
            return false;
        }

        var expected = method == "S256"
            ? Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
            : verifier;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(challenge));
    }
}
