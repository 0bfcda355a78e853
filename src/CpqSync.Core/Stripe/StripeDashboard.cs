namespace CpqSync.Core.Stripe;

/// <summary>
/// The one builder of Stripe Dashboard addresses: the links written back to Salesforce, a Sync Record's request log,
/// and the links the CLI and the web app show.
/// </summary>
public static class StripeDashboard
{
    /// <summary><c>https://dashboard.stripe.com/[test/]{segment}/{id}</c>.</summary>
    /// <param name="segment">The Dashboard's page for the kind of object (<c>customers</c>, <c>subscription_schedules</c>, <c>logs</c>…).</param>
    /// <param name="id">The object's id, as it goes into the address (escaped by the caller where it may need it).</param>
    /// <param name="testMode">A test-mode key (<c>sk_test_</c>, <c>rk_test_</c>): the Dashboard shows the object under <c>/test/</c>.</param>
    public static string Url(string segment, string id, bool testMode) =>
        $"https://dashboard.stripe.com/{(testMode ? "test/" : "")}{segment}/{id}";
}
