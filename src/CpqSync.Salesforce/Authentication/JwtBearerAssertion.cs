using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CpqSync.Salesforce.Authentication;

/// <summary>
/// Builds the RS256-signed JWT of the OAuth 2.0 JWT bearer flow: <c>iss</c> = client id, <c>sub</c> = username,
/// <c>aud</c> = login host, <c>exp</c> a few minutes ahead (Salesforce refuses more than three).
/// </summary>
internal static class JwtBearerAssertion
{
    public static string Create(string clientId, string username, string audience, string privateKeyPem, DateTimeOffset now, TimeSpan lifetime)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = "RS256" });
        var claims = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = clientId,
            ["sub"] = username,
            ["aud"] = audience,
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
        });
        var signingInput = Base64Url.Encode(header) + "." + Base64Url.Encode(claims);

        using var rsa = RSA.Create();
        rsa.ImportFromPem(privateKeyPem);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.Encode(signature);
    }
}
