using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CpqSync.Salesforce.Tests;

public class SalesforceOptionsTests
{
    [Fact]
    public void Binds_from_the_salesforce_section_with_defaults_for_the_rest()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Salesforce:LoginUrl"] = "https://test.salesforce.com",
            ["Salesforce:ClientId"] = "client",
            ["Salesforce:Flow"] = "ClientCredentials",
            ["Salesforce:ClientSecret"] = "secret",
            ["Salesforce:AttemptTimeout"] = "00:00:30",
        }).Build();
        var services = new ServiceCollection();
        services.AddSalesforceClient(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SalesforceOptions>>().Value;

        Assert.Equal(new Uri("https://test.salesforce.com"), options.LoginUrl);
        Assert.Equal(SalesforceAuthFlow.ClientCredentials, options.Flow);
        Assert.Equal(TimeSpan.FromSeconds(30), options.AttemptTimeout);
        Assert.Equal("62.0", options.ApiVersion);
        Assert.Null(options.QueryBatchSize);
    }

    [Theory]
    [InlineData(SalesforceAuthFlow.UsernamePassword, "Password")]
    [InlineData(SalesforceAuthFlow.RefreshToken, "RefreshToken")]
    [InlineData(SalesforceAuthFlow.AuthorizationCode, "RedirectUri")]
    [InlineData(SalesforceAuthFlow.ClientCredentials, "ClientSecret")]
    [InlineData(SalesforceAuthFlow.JwtBearer, "PrivateKeyPem")]
    public void Each_flow_names_its_own_missing_credentials_without_failing_start_up(SalesforceAuthFlow flow, string missing)
    {
        var options = Resolve(o =>
        {
            o.ClientId = "client";
            o.Flow = flow;
            o.Username = flow == SalesforceAuthFlow.JwtBearer ? "user@example.com" : o.Username;
        });

        Assert.Contains(missing, options.MissingCredentials());
    }

    [Fact]
    public void Without_a_consumer_key_the_client_id_is_missing_first()
    {
        var options = Resolve(o => o.Flow = SalesforceAuthFlow.RefreshToken);

        Assert.Equal(["ClientId", "RefreshToken"], options.MissingCredentials());
    }

    [Fact]
    public void Bad_values_are_reported_at_start_up()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(o =>
        {
            o.ClientId = "client";
            o.ClientSecret = "secret";
            o.Flow = SalesforceAuthFlow.ClientCredentials;
            o.ApiVersion = "v62";
            o.QueryBatchSize = 50;
            o.JwtLifetime = TimeSpan.FromMinutes(10);
        }));

        Assert.Contains(error.Failures, f => f.Contains("ApiVersion", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("QueryBatchSize", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("JwtLifetime", StringComparison.Ordinal));
    }

    [Fact]
    public void A_jwt_key_that_is_not_an_rsa_private_key_is_refused()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(o =>
        {
            o.ClientId = "client";
            o.Flow = SalesforceAuthFlow.JwtBearer;
            o.Username = "user@example.com";
            o.PrivateKeyPem = "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----";
        }));

        Assert.Contains(error.Failures, f => f.Contains("PrivateKeyPem", StringComparison.Ordinal));
    }

    private static SalesforceOptions Resolve(Action<SalesforceOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSalesforceClient(configure);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<SalesforceOptions>>().Value;
    }
}
