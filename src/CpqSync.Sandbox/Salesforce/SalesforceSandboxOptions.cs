using System.ComponentModel.DataAnnotations;
using CpqSync.Sandbox.Salesforce.OAuth;
using CpqSync.Sandbox.Salesforce.Org;
using CpqSync.Sandbox.Salesforce.PubSub;

namespace CpqSync.Sandbox.Salesforce;

/// <summary>How to run the emulated Salesforce org: where it listens, its data, its connected app and its faults.</summary>
public sealed class SalesforceSandboxOptions
{
    /// <summary>The address to bind; loopback by default so the sandbox is never exposed.</summary>
    [Required]
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The port to listen on; 0 picks any free port.</summary>
    [Range(0, 65535)]
    public int Port { get; init; }

    public SalesforceOrgOptions Org { get; init; } = new();

    /// <summary>How long an access token stays valid after it is issued (the org's session timeout).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(2);

    /// <summary>The org's DailyApiRequests allowance; every REST call counts one.</summary>
    [Range(1, long.MaxValue)]
    public long DailyApiLimit { get; init; } = 100_000;

    public SalesforceFaultOptions Faults { get; init; } = new();

    /// <summary>The Pub/Sub API endpoint (its port, keep-alive interval) and the change-event bus (retention, overflow).</summary>
    public PubSubOptions PubSub { get; init; } = new();

    /// <summary>The connected app's consumer key. Fixed so `cpqsync sandbox` prints the same credentials every run.</summary>
    [Required]
    public string ClientId { get; init; } = "3MVG9CpqSyncSandbox.ConnectedApp.ClientId.0123456789abcdefghijklmnopqrstuvwxyzABCDEF";

    [Required]
    public string ClientSecret { get; init; } = "CPQSYNC0SANDBOX0CLIENT0SECRET0000000000000000000000000000000000";

    /// <summary>The API user's login name; null means the org's own API user name.</summary>
    public string? Username { get; init; }

    [Required]
    public string Password { get; init; } = "sandbox-password";

    /// <summary>Callback URLs of the connected app. Any http URL on localhost or 127.0.0.1 is accepted as well.</summary>
    public IReadOnlyList<string> CallbackUrls { get; init; } = ["http://localhost:1717/OauthRedirect"];

    /// <summary>The certificate registered on the connected app for the JWT-bearer flow (PEM).</summary>
    [Required]
    public string CertificatePem { get; init; } = SandboxConnectedAppKeys.CertificatePem;

    /// <summary>The private key matching <see cref="CertificatePem"/> (PKCS#8 PEM), handed to tests that sign assertions.</summary>
    public string? PrivateKeyPem { get; init; } = SandboxConnectedAppKeys.PrivateKeyPem;
}
