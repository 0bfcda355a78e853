using System.Text.Json.Nodes;
using CpqSync.Engine.Connections;
using CpqSync.Hosting;
using CpqSync.Salesforce;
using CpqSync.Salesforce.Authentication;
using CpqSync.Storage;
using CpqSync.Storage.Sqlite;
using CpqSync.Tests.Setup;
using CpqSync.Tests.Support;
using CpqSync.Web.Setup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Tests;

/// <summary>
/// A store holding what the setup wizard saves (the org's login URL and refresh token, a Stripe key) and settings that
/// name only the connected app: commands run on the stored credentials, and explicit settings still win.
/// </summary>
public sealed class StoredCredentialsTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IDisposable
{
    private static readonly Uri Callback = new("http://127.0.0.1:1717/setup/salesforcecallback");

    private readonly DirectoryInfo _workingDirectory = Directory.CreateTempSubdirectory("cpqsync-creds-");

    [Fact]
    public async Task Status_connects_with_the_stored_refresh_token_and_stripe_key_when_no_setting_names_them()
    {
        var refreshToken = await ApproveAsync();
        await StoreAsync(new Dictionary<string, string>
        {
            [SetupSecrets.SalesforceLoginUrl] = sandbox.Sandbox.Salesforce.BaseUrl.ToString(),
            [SetupSecrets.SalesforceRefreshToken] = refreshToken,
            [SetupSecrets.StripeApiKey] = sandbox.Sandbox.Stripe.SecretKey,
        });

        var result = await RunAsync([], "status", "--json");

        Assert.True(result.ExitCode == 0, result.All);
        var status = JsonNode.Parse(result.Output)!;
        Assert.True((bool)status["salesforce"]!["reachable"]!);
        Assert.StartsWith("00D", (string?)status["salesforce"]!["org_id"], StringComparison.Ordinal);
        Assert.True((bool)status["stripe"]!["reachable"]!);
        Assert.DoesNotContain(refreshToken, result.All, StringComparison.Ordinal);
        var secrets = await SecretsAsync();
        Assert.Equal(refreshToken, secrets[SetupSecrets.SalesforceRefreshToken]);
        Assert.Equal(sandbox.Sandbox.Stripe.SecretKey, secrets[SetupSecrets.StripeApiKey]);
    }

    [Fact]
    public async Task Settings_win_over_stored_credentials_for_the_run_only_and_never_overwrite_them()
    {
        await StoreAsync(new Dictionary<string, string>
        {
            [SetupSecrets.SalesforceLoginUrl] = sandbox.Sandbox.Salesforce.BaseUrl.ToString(),
            [SetupSecrets.SalesforceRefreshToken] = "5Aep-revoked-long-ago",
            [SetupSecrets.StripeApiKey] = "sk_test_storedButStale0000000000",
        });
        var settings = new Dictionary<string, string>
        {
            ["CPQSYNC_Salesforce__Flow"] = nameof(SalesforceAuthFlow.UsernamePassword),
            ["CPQSYNC_Salesforce__Username"] = sandbox.Sandbox.Salesforce.Credentials.Username,
            ["CPQSYNC_Salesforce__Password"] = sandbox.Password,
            ["CPQSYNC_Stripe__ApiKey"] = sandbox.Sandbox.Stripe.SecretKey,
        };

        var result = await RunAsync(settings, "status", "--json");

        Assert.True(result.ExitCode == 0, result.All);
        var status = JsonNode.Parse(result.Output)!;
        Assert.True((bool)status["salesforce"]!["reachable"]!);
        Assert.True((bool)status["stripe"]!["reachable"]!);
        var secrets = await SecretsAsync();
        Assert.Equal("5Aep-revoked-long-ago", secrets[SetupSecrets.SalesforceRefreshToken]);
        Assert.Equal("sk_test_storedButStale0000000000", secrets[SetupSecrets.StripeApiKey]);
        Assert.False(secrets.ContainsKey("Salesforce:Password"));
    }

    [Fact]
    public async Task Without_stored_or_given_credentials_status_names_the_missing_setting()
    {
        var result = await RunAsync([], "status");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Salesforce:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_wizard_says_saved_credentials_apply_at_once()
    {
        await using var site = await SetupSite.StartAsync();
        using var browser = await site.SignInAsync();

        var page = await browser.GetStringAsync(new Uri("Setup/Authorize", UriKind.Relative));

        Assert.Contains("Credentials saved here apply at once, without a restart", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_one_off_run_with_another_stripe_key_uses_it_for_that_run_and_never_overwrites_the_stored_one()
    {
        var refreshToken = await ApproveAsync();
        await StoreAsync(new Dictionary<string, string>
        {
            [SetupSecrets.SalesforceLoginUrl] = sandbox.Sandbox.Salesforce.BaseUrl.ToString(),
            [SetupSecrets.SalesforceRefreshToken] = refreshToken,
            [SetupSecrets.StripeApiKey] = sandbox.Sandbox.Stripe.SecretKey,
        });

        var result = await RunAsync(new() { ["CPQSYNC_Stripe__ApiKey"] = "sk_test_oneOffRunOnly00000000000000" }, "status", "--json");

        // The run used the given key (the sandbox refuses it) and left the stored one as the wizard stored it.
        Assert.False((bool)JsonNode.Parse(result.Output)!["stripe"]!["reachable"]!, result.All);
        Assert.Equal(sandbox.Sandbox.Stripe.SecretKey, (await SecretsAsync())[SetupSecrets.StripeApiKey]);
        var again = await RunAsync([], "status", "--json");
        Assert.True(again.ExitCode == 0, again.All);
    }

    [Fact]
    public async Task Preview_runs_on_the_stored_credentials_like_every_command()
    {
        var refreshToken = await ApproveAsync();
        await StoreAsync(new Dictionary<string, string>
        {
            [SetupSecrets.SalesforceLoginUrl] = sandbox.Sandbox.Salesforce.BaseUrl.ToString(),
            [SetupSecrets.SalesforceRefreshToken] = refreshToken,
            [SetupSecrets.StripeApiKey] = sandbox.Sandbox.Stripe.SecretKey,
        });

        var result = await RunAsync([], "preview", "order", "8015g0000000001AAA");

        // Signed in with the stored refresh token and planned the order (0: it would sync; 1: the plan names why not, such
        // as the corporate currency the connection has not detected yet); 2 would be a missing setting.
        Assert.True(result.ExitCode is 0 or 1, result.All);
        Assert.Contains("8015g0000000001AAA", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain(refreshToken, result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_without_a_store_creates_none_and_names_the_missing_setting()
    {
        var result = await RunAsync([], "preview", "order", "8015g0000000001AAA");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Salesforce:", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task Credentials_set_stores_a_named_value_or_the_settings_and_clear_removes_them()
    {
        await StoreAsync(new Dictionary<string, string> { [SetupSecrets.StripeApiKey] = "sk_test_fromTheWizard000000000000" });

        var named = await RunAsync([], "credentials", "set", "Salesforce:RefreshToken", "5Aep-given-explicitly");
        var fromSettings = await RunAsync(new() { ["CPQSYNC_Stripe__ApiKey"] = sandbox.Sandbox.Stripe.SecretKey }, "credentials", "set");
        var afterSet = await SecretsAsync();
        var cleared = await RunAsync([], "credentials", "clear", "Salesforce:RefreshToken");
        var afterClear = await SecretsAsync();
        var unknown = await RunAsync([], "credentials", "set", "Salesforce:Colour", "blue");
        var badKey = await RunAsync([], "credentials", "set", "Stripe:ApiKey", "pk_test_publishable");

        Assert.True(named.ExitCode == 0, named.All);
        Assert.True(fromSettings.ExitCode == 0, fromSettings.All);
        Assert.Equal("5Aep-given-explicitly", afterSet[SetupSecrets.SalesforceRefreshToken]);
        Assert.Equal(sandbox.Sandbox.Stripe.SecretKey, afterSet[SetupSecrets.StripeApiKey]);
        // "set" with no name stores what the settings give: here the connected app and the Stripe key and base.
        Assert.Equal(sandbox.Sandbox.Salesforce.Credentials.ClientId, afterSet["Salesforce:ClientId"]);
        Assert.DoesNotContain("5Aep-given-explicitly", named.All + fromSettings.All, StringComparison.Ordinal);
        Assert.True(cleared.ExitCode == 0, cleared.All);
        Assert.False(afterClear.ContainsKey(SetupSecrets.SalesforceRefreshToken));
        Assert.Equal(sandbox.Sandbox.Stripe.SecretKey, afterClear[SetupSecrets.StripeApiKey]);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Salesforce:RefreshToken", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(2, badKey.ExitCode);
        Assert.Contains("Stripe:ApiKey", badKey.Error, StringComparison.Ordinal);
    }

    /// <summary>The web server flow the wizard runs: the consent page's Allow, then the code exchanged for a refresh token.</summary>
    private async Task<string> ApproveAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSalesforceClient(o =>
        {
            o.LoginUrl = sandbox.Sandbox.Salesforce.BaseUrl;
            o.ClientId = sandbox.Sandbox.Salesforce.Credentials.ClientId;
            o.ClientSecret = sandbox.ClientSecret;
            o.Flow = SalesforceAuthFlow.AuthorizationCode;
            o.RedirectUri = Callback;
        });
        await using var provider = services.BuildServiceProvider();
        var authenticator = provider.GetRequiredService<SalesforceAuthenticator>();
        var pkce = PkceChallenge.Create();
        var authorize = authenticator.BuildAuthorizationUrl(pkce, "state-1", SalesforceConnector.Scope);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var answer = SetupSite.HiddenFields(await browser.GetStringAsync(authorize));
        answer.Add(new("decision", "allow"));
        using var allowed = await browser.PostAsync(new Uri(authorize, "/services/oauth2/authorize"), new FormUrlEncodedContent(answer));
        var code = allowed.Headers.Location!.Query.TrimStart('?').Split('&')
            .Select(p => p.Split('=', 2)).Single(p => p[0] == "code")[1];
        var token = await authenticator.ExchangeAuthorizationCodeAsync(Uri.UnescapeDataString(code), pkce.Verifier, CancellationToken.None);
        return token.RefreshToken!;
    }

    private string DatabasePath => Path.Combine(_workingDirectory.FullName, "cpqsync.db");

    /// <summary>The store as the wizard leaves it: the default connection with its credentials (key file beside the database).</summary>
    private async Task StoreAsync(Dictionary<string, string> secrets)
    {
        await using var provider = Storage();
        await provider.GetRequiredService<IStoreMigrator>().MigrateAsync(CancellationToken.None);
        var store = provider.GetRequiredService<ISyncStore>();
        var connection = await store.CreateConnectionAsync(
            new NewSyncConnection(ConnectionBootstrap.DefaultName, null, null, ConnectionDocumentJson.Save(ConnectionDocument.Default)),
            CancellationToken.None);
        await store.SetSecretsAsync(connection.Id, new ConnectionSecrets(secrets), CancellationToken.None);
    }

    private async Task<ConnectionSecrets> SecretsAsync()
    {
        await using var provider = Storage();
        var store = provider.GetRequiredService<ISyncStore>();
        var connection = (await store.ListConnectionsAsync(CancellationToken.None)).Single();
        return await store.GetSecretsAsync(connection.Id, CancellationToken.None);
    }

    private ServiceProvider Storage()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:ConnectionString"] = $"Data Source={DatabasePath}" })
            .Build();
        var services = new ServiceCollection();
        services.AddCpqSyncStorage(configuration).AddSqlite();
        return services.BuildServiceProvider();
    }

    /// <summary>Settings naming the connected app and the Stripe API's address only, as for a wizard-first setup.</summary>
    private Task<CliResult> RunAsync(Dictionary<string, string> extra, params string[] args)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CPQSYNC_Salesforce__ClientId"] = sandbox.Sandbox.Salesforce.Credentials.ClientId,
            ["CPQSYNC_Salesforce__ClientSecret"] = sandbox.ClientSecret,
            ["CPQSYNC_Stripe__ApiBase"] = sandbox.Sandbox.Stripe.BaseUrl.ToString(),
            ["CPQSYNC_Storage__ConnectionString"] = $"Data Source={DatabasePath}",
        };
        foreach (var (key, value) in extra)
        {
            variables[key] = value;
        }

        return CliRun.InvokeAsync(args, variables, _workingDirectory.FullName);
    }

    public void Dispose()
    {
        try
        {
            _workingDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the system's temp folder.
        }
    }
}
