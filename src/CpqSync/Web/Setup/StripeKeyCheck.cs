using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Stripe;

namespace CpqSync.Web.Setup;

/// <summary>The Stripe account a key belongs to, and whether the key is for test or live mode.</summary>
public sealed record StripeAccountInfo(string AccountId, string? Name, bool TestMode);

/// <summary>Why a Stripe key was not saved, in words for the person who entered it.</summary>
public sealed class StripeKeyException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Checks a secret (<c>sk_</c>) or restricted (<c>rk_</c>) key against the API (<c>GET /v1/account</c>) before it is
/// stored encrypted in the connection's secrets. The key itself is never shown back or logged.
/// </summary>
public sealed partial class StripeKeyCheck(IHttpClientFactory httpClients, IConfiguration configuration, SetupConnection connection)
{
    private static readonly Uri DefaultApiBase = new("https://api.stripe.com");

    /// <param name="apiBase">
    /// The API base the admin entered (shown with <c>Setup:AllowLoopbackEndpoints</c>), stored with the key; <see langword="null"/>
    /// to keep the configured one (<c>Stripe:ApiBase</c>, by default Stripe's).
    /// </param>
    /// <exception cref="StripeKeyException">The key or API base is malformed, or Stripe refused the key.</exception>
    public async Task<StripeAccountInfo> CheckAndSaveAsync(string? apiKey, Uri? apiBase, CancellationToken cancellationToken)
    {
        var key = apiKey?.Trim() ?? "";
        if (!LooksLikeKey(key))
        {
            throw new StripeKeyException("Stripe key: enter a secret key (sk_test_… or sk_live_…) or restricted key (rk_…), from Stripe's Dashboard → Developers → API keys.");
        }

        var configured = Uri.TryCreate(configuration["Stripe:ApiBase"], UriKind.Absolute, out var fromSettings) ? fromSettings : DefaultApiBase;
        var target = apiBase ?? configured;
        var http = new SystemNetHttpClient(httpClients.CreateClient(nameof(StripeKeyCheck)), maxNetworkRetries: 1, enableTelemetry: false);
        var client = new StripeClient(apiKey: key, httpClient: http, apiBase: target.ToString().TrimEnd('/'));
        Account account;
        try
        {
            account = await new AccountService(client).GetSelfAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (StripeException e)
        {
            // Stripe's own message already hides all but the key's last four characters.
            throw new StripeKeyException($"Stripe refused the key: {e.StripeError?.Message ?? e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            throw new StripeKeyException($"Stripe could not be reached at {target}; check the API base and try again.", e);
        }

        var info = new StripeAccountInfo(account.Id, account.Settings?.Dashboard?.DisplayName ?? account.BusinessProfile?.Name, CpqSync.Stripe.StripeOptions.IsTestKey(key));
        var values = new Dictionary<string, string>
            {
                [SetupSecrets.StripeApiKey] = key,
                [SetupSecrets.StripeAccountId] = info.AccountId,
                [SetupSecrets.StripeAccountName] = info.Name ?? "",
                [SetupSecrets.StripeMode] = info.TestMode ? "test" : "live",
            };
        if (apiBase is not null)
        {
            values[SetupSecrets.StripeApiBase] = apiBase.ToString();
        }

        await connection.SetSecretsAsync(values, cancellationToken).ConfigureAwait(false);
        return info;
    }

    /// <summary>Whether <paramref name="key"/> is shaped like a secret or restricted key (Stripe alone says whether it works).</summary>
    public static bool LooksLikeKey(string key) => KeyPattern().IsMatch(key);

    [GeneratedRegex("^(sk|rk)_(test|live)_[A-Za-z0-9]+$")]
    private static partial Regex KeyPattern();
}
