using Stripe;

namespace CpqSync.Sandbox.Tests.Stripe;

/// <summary><c>GET /v1/account</c>: what a client reads to check its key and name the account.</summary>
public sealed class AccountTests
{
    [Fact]
    public async Task Stripe_net_reads_the_account_its_key_belongs_to()
    {
        await using var api = await StripeApi.StartAsync();

        var account = await new AccountService(StripeNetConformanceTests.Client(api.Server)).GetSelfAsync();

        Assert.StartsWith("acct_", account.Id, StringComparison.Ordinal);
        Assert.Equal("account", account.Object);
        Assert.Equal("CpqSync Sandbox", account.Settings.Dashboard.DisplayName);
        Assert.True(account.ChargesEnabled);
    }

    [Fact]
    public async Task A_wrong_key_cannot_read_the_account()
    {
        await using var api = await StripeApi.StartAsync();
        using var http = new HttpClient { BaseAddress = api.Server.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new("Bearer", "sk_test_wrong0000000000000000000000000000000000000000");

        using var response = await http.GetAsync(new Uri("v1/account", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Contains("authentication_error", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_parameters_are_refused()
    {
        await using var api = await StripeApi.StartAsync();

        var response = await api.GetAsync("/v1/account?bogus=1");

        response.AssertError(400, "parameter_unknown", "bogus");
    }
}
