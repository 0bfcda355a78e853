using CpqSync.Sandbox.Salesforce;

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
            $"  Fault control: {login}/_sandbox/faults",
            "",
        ];
        foreach (var line in lines)
        {
            await output.WriteLineAsync(line.AsMemory(), cancellationToken);
        }

        await output.FlushAsync(cancellationToken);
    }
}
