using CpqSync.Web.Setup;

namespace CpqSync.Tests.Setup;

/// <summary>Where "Connect Salesforce" sends the browser: Salesforce's own login hosts only, over HTTPS.</summary>
public sealed class SalesforceLoginTests
{
    [Theory]
    [InlineData("acme.my.salesforce.com", "https://acme.my.salesforce.com/")]
    [InlineData("https://acme--uat.sandbox.my.salesforce.com", "https://acme--uat.sandbox.my.salesforce.com/")]
    [InlineData(" https://acme.my.salesforce.com/ ", "https://acme.my.salesforce.com/")]
    public void A_my_domain_login_url_is_accepted(string typed, string expected)
    {
        var (url, error) = SalesforceLogin.Resolve(SalesforceLoginKind.CustomDomain, typed, null);

        Assert.Null(error);
        Assert.Equal(expected, url!.ToString());
    }

    [Theory]
    [InlineData("http://acme.my.salesforce.com")]
    [InlineData("https://evil.example.com")]
    [InlineData("https://acme.my.salesforce.com.evil.example")]
    [InlineData("https://user@acme.my.salesforce.com")]
    [InlineData("https://acme.my.salesforce.com/services/oauth2/authorize")]
    [InlineData("")]
    public void Anything_else_is_refused_with_an_example(string typed)
    {
        var (url, error) = SalesforceLogin.Resolve(SalesforceLoginKind.CustomDomain, typed, null);

        Assert.Null(url);
        Assert.Contains("https://acme.my.salesforce.com", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Production_and_sandbox_are_salesforces_login_hosts()
    {
        Assert.Equal("https://login.salesforce.com/", SalesforceLogin.Resolve(SalesforceLoginKind.Production, null, null).Url!.ToString());
        Assert.Equal("https://test.salesforce.com/", SalesforceLogin.Resolve(SalesforceLoginKind.Sandbox, null, null).Url!.ToString());
        Assert.NotNull(SalesforceLogin.Resolve(SalesforceLoginKind.Configured, null, null).Error);
    }
}
