using CpqSync.Engine.Records;
using CpqSync.Salesforce;
using CpqSync.Storage;
using CpqSync.Storage.Sqlite;
using CpqSync.Stripe;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Engine.Tests.Records;

/// <summary>The host gets the record sync from the same registrations as the rest of the engine.</summary>
public sealed class RecordSyncRegistrationTests
{
    [Fact]
    public void The_engine_registration_provides_the_record_syncer_with_everything_it_needs()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "Data Source=:memory:",
            ["Storage:EncryptionKey"] = Convert.ToBase64String(new byte[32]),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSalesforceClient(static o => o.LoginUrl = new Uri("https://login.salesforce.com"));
        services.AddStripeApplier(static o => o.ApiKey = "sk_test_registration");
        services.AddCpqSyncStorage(configuration).AddSqlite();
        services.AddSyncEngine();

        // ValidateOnBuild fails when any dependency of a registered service cannot be provided.
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.Contains(services, static d => d.ServiceType == typeof(RecordSyncer));
    }
}
