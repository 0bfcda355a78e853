using CpqSync.Sandbox.Salesforce;
using CpqSync.Sandbox.Stripe;

namespace CpqSync.Cli;

/// <summary>What `cpqsync sandbox` prints about each running service: where it is and how to log in.</summary>
public static class SandboxBanner
{
    public static async Task WriteSalesforceAsync(TextWriter output, SalesforceSandboxServer server, CancellationToken cancellationToken)
    {
        var credentials = server.Credentials;
        var login = server.BaseUrl.ToString().TrimEnd('/');
        string[] lines =
        [
            "Salesforce sandbox",
            $"  Login URL:     {login}",
            $"  Instance URL:  {login}",
            $"  Client ID:     {credentials.ClientId}",
            $"  Client secret: {credentials.ClientSecret}",
            $"  Username:      {credentials.Username}",
            $"  Password:      {credentials.Password}",
            $"  Pub/Sub API:   {server.PubSubEndpoint.ToString().TrimEnd('/')} (Salesforce:PubSubEndpoint)",
            $"  Fault control: {login}/_sandbox/faults",
        ];
        await WriteAsync(output, lines, cancellationToken);
    }

    public static async Task WriteStripeAsync(TextWriter output, StripeSandboxServer server, CancellationToken cancellationToken)
    {
        var baseUrl = server.BaseUrl.ToString().TrimEnd('/');
        string[] lines =
        [
            "Stripe sandbox",
            $"  API base URL:  {baseUrl}",
            $"  Secret key:    {server.SecretKey}",
            $"  Fault control: {baseUrl}/_sandbox/faults",
        ];
        await WriteAsync(output, lines, cancellationToken);
    }

    private static async Task WriteAsync(TextWriter output, string[] lines, CancellationToken cancellationToken)
    {
        foreach (var line in lines.Append(""))
        {
            await output.WriteLineAsync(line.AsMemory(), cancellationToken);
        }

        await output.FlushAsync(cancellationToken);
    }
}
