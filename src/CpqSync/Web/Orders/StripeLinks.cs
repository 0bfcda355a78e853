using CpqSync.Core.Stripe;

namespace CpqSync.Web.Orders;

/// <summary>
/// Stripe Dashboard addresses of the objects CpqSync writes, from the id's prefix (the table is
/// <see cref="Cli.StripeLinks"/>'s); an id without a known prefix is a coupon's (their ids are of the user's choosing).
/// </summary>
public static class StripeLinks
{
    /// <summary>What kind of object the id names (<c>Meter</c> for <c>mtr_…</c>), <c>Coupon</c> for any other id.</summary>
    public static string KindOf(string stripeId) => Cli.StripeLinks.Kind(stripeId) ?? "Coupon";

    public static Uri DashboardUrl(string stripeId, bool testMode)
    {
        ArgumentNullException.ThrowIfNull(stripeId);
        return new Uri(Cli.StripeLinks.Dashboard(stripeId, testMode)
            ?? StripeDashboard.Url("coupons", Uri.EscapeDataString(stripeId), testMode));
    }
}
