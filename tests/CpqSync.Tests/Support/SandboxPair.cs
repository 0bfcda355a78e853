using CpqSync.Sandbox.Salesforce;
using CpqSync.Sandbox.Salesforce.Org;
using CpqSync.Sandbox.Stripe;

namespace CpqSync.Tests.Support;

/// <summary>
/// A Salesforce sandbox with the seed a test needs and a Stripe sandbox, on free loopback ports, plus a temp directory
/// holding the SQLite store: what <c>cpqsync</c> runs against through <c>CPQSYNC_</c> environment variables.
/// </summary>
internal sealed class SandboxPair : IAsyncDisposable
{
    private SandboxPair(SalesforceSandboxServer salesforce, StripeSandboxServer stripe, DirectoryInfo directory)
    {
        Salesforce = salesforce;
        Stripe = stripe;
        Directory = directory;
    }

    public SalesforceSandboxServer Salesforce { get; }

    public StripeSandboxServer Stripe { get; }

    public DirectoryInfo Directory { get; }

    public string DatabaseFile => Path.Combine(Directory.FullName, "cpqsync.db");

    /// <summary>
    /// Every setting <c>cpqsync</c> needs, as environment variables: credentials and the store only. Multi-currency, the
    /// default currency and the time zone come from the org (detection), as for a customer's org.
    /// </summary>
    public Dictionary<string, string> Variables
    {
        get
        {
            var credentials = Salesforce.Credentials;
            return new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["CPQSYNC_Salesforce__LoginUrl"] = Salesforce.BaseUrl.ToString(),
                ["CPQSYNC_Salesforce__Flow"] = "UsernamePassword",
                ["CPQSYNC_Salesforce__ClientId"] = credentials.ClientId,
                ["CPQSYNC_Salesforce__ClientSecret"] = credentials.ClientSecret,
                ["CPQSYNC_Salesforce__Username"] = credentials.Username,
                ["CPQSYNC_Salesforce__Password"] = credentials.Password,
                ["CPQSYNC_Salesforce__PubSubEndpoint"] = Salesforce.PubSubEndpoint.ToString().TrimEnd('/'),
                ["CPQSYNC_Stripe__ApiBase"] = Stripe.BaseUrl.ToString(),
                ["CPQSYNC_Stripe__ApiKey"] = Stripe.SecretKey,
                ["CPQSYNC_Storage__Provider"] = "sqlite",
                ["CPQSYNC_Storage__ConnectionString"] = $"Data Source={DatabaseFile}",
                // Orders a killed run had leased come back after the lease; retries wait the base delay. Short, for tests.
                ["CPQSYNC_Sync__Worker__LeaseDuration"] = "00:00:03",
                ["CPQSYNC_Sync__Worker__BaseRetryDelay"] = "00:00:00.200",
            };
        }
    }

    public StripeObjects StripeObjects => new(Stripe.BaseUrl, Stripe.SecretKey);

    /// <param name="seed"><c>demo</c> or <c>scale:N</c>.</param>
    public static async Task<SandboxPair> StartAsync(string seed)
    {
        var salesforce = await SalesforceSandboxServer.StartAsync(
            new SalesforceSandboxOptions { Port = 0, Org = new SalesforceOrgOptions { Seed = seed } }, TimeProvider.System, CancellationToken.None);
        var stripe = await StripeSandboxServer.StartAsync(new StripeSandboxOptions { Port = 0 }, TimeProvider.System, CancellationToken.None);
        return new SandboxPair(salesforce, stripe, System.IO.Directory.CreateTempSubdirectory("cpqsync-cli-"));
    }

    public async ValueTask DisposeAsync()
    {
        await Stripe.DisposeAsync();
        await Salesforce.DisposeAsync();
        try
        {
            Directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A killed child may still hold the database for a moment; the temp directory is the system's to clean.
        }
    }
}
