using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace CpqSync.Sandbox.Salesforce.OAuth;

/// <summary>
/// Checks a JWT-bearer assertion the way Salesforce does: RS256 signed by the key of the connected app's certificate,
/// <c>iss</c> = consumer key, <c>aud</c> = login URL, <c>sub</c> = username, <c>exp</c> in the future.
/// </summary>
internal static class JwtBearerAssertion
{
    /// <summary>Returns the assertion's subject (the username), or throws <see cref="OAuthError"/>.</summary>
    public static string Validate(string? assertion, X509Certificate2 certificate, string clientId, string loginUrl, DateTimeOffset now)
    {
        var parts = assertion?.Split('.') ?? [];
        if (parts.Length != 3)
        {
            throw OAuthError.InvalidAssertion();
        }

        JsonElement header;
        JsonElement claims;
        byte[] signature;
        try
        {
            header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement;
            claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement;
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw OAuthError.InvalidAssertion();
        }

        using var key = certificate.GetRSAPublicKey()
            ?? throw new InvalidOperationException("The connected app's certificate has no RSA key.");
        var signed = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
        if (Text(header, "alg") != "RS256" || !key.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            throw OAuthError.InvalidAssertion();
        }

        if (Text(claims, "iss") != clientId)
        {
            throw OAuthError.InvalidClientId();
        }

        if (!Audiences(claims).Any(a => string.Equals(a.TrimEnd('/'), loginUrl, StringComparison.OrdinalIgnoreCase)))
        {
            throw new OAuthError("invalid_grant", "audience is invalid");
        }

        if (!claims.TryGetProperty("exp", out var exp) || exp.ValueKind != JsonValueKind.Number
            || DateTimeOffset.FromUnixTimeSeconds(exp.GetInt64()) <= now)
        {
            throw new OAuthError("invalid_grant", "expired authorization code");
        }

        return Text(claims, "sub") ?? throw OAuthError.InvalidAssertion();
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static IEnumerable<string> Audiences(JsonElement claims)
    {
        if (!claims.TryGetProperty("aud", out var aud))
        {
            return [];
        }

        return aud.ValueKind switch
        {
            JsonValueKind.String => [aud.GetString()!],
            JsonValueKind.Array => aud.EnumerateArray()
                .Where(a => a.ValueKind == JsonValueKind.String)
                .Select(a => a.GetString()!)
                .ToList(),
            _ => [],
        };
    }
}
