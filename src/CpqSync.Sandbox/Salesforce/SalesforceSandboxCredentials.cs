namespace CpqSync.Sandbox.Salesforce;

/// <summary>What a client needs to log in to the sandbox org: the connected app and the API user.</summary>
public sealed record SalesforceSandboxCredentials(
    string ClientId,
    string ClientSecret,
    string Username,
    string Password,
    string CertificatePem,
    string? PrivateKeyPem);
