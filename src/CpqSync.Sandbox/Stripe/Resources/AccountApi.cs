using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Http;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>
/// <c>GET /v1/account</c>: the account the API key belongs to, as a standard account in test mode shows it. Clients
/// call it to check a key and to learn which account and mode it is for (the mode is the key's prefix, not a field).
/// </summary>
internal static class AccountApi
{
    /// <summary>One account per sandbox: every key it accepts belongs to it.</summary>
    public const string AccountId = "acct_1CpqSyncSandbox1";

    private const string DisplayName = "CpqSync Sandbox";

    public static void Map(StripeRouter router) => router.Get("/v1/account", Retrieve);

    private static JsonObject Retrieve(StripeRequest request)
    {
        request.Params.Allow();
        return new JsonObject
        {
            ["id"] = AccountId,
            ["object"] = "account",
            ["business_profile"] = new JsonObject
            {
                ["annual_revenue"] = null,
                ["estimated_worker_count"] = null,
                ["mcc"] = null,
                ["name"] = DisplayName,
                ["support_address"] = null,
                ["support_email"] = null,
                ["support_phone"] = null,
                ["support_url"] = null,
                ["url"] = null,
            },
            ["business_type"] = null,
            ["capabilities"] = new JsonObject { ["card_payments"] = "active", ["transfers"] = "active" },
            ["charges_enabled"] = true,
            ["controller"] = new JsonObject { ["type"] = "account" },
            ["country"] = "US",
            ["default_currency"] = "usd",
            ["details_submitted"] = true,
            ["email"] = "billing@cpqsync.example",
            ["metadata"] = new JsonObject(),
            ["payouts_enabled"] = true,
            ["settings"] = new JsonObject
            {
                ["dashboard"] = new JsonObject { ["display_name"] = DisplayName, ["timezone"] = "Etc/UTC" },
            },
            ["type"] = "standard",
        };
    }
}
