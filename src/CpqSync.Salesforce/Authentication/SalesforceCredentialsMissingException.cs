namespace CpqSync.Salesforce.Authentication;

/// <summary>
/// A session was needed but the options lack credentials the flow signs in with: an expected state for a host that was
/// started before its credentials were given, not a refusal by Salesforce (no request was sent).
/// </summary>
public sealed class SalesforceCredentialsMissingException : InvalidOperationException
{
    public SalesforceCredentialsMissingException(SalesforceAuthFlow flow, IReadOnlyList<string> missing)
        : base($"Salesforce is not connected yet: the {flow} flow needs {string.Join(", ", (missing ?? []).Select(m => $"Salesforce:{m}"))}.")
    {
        Flow = flow;
        Missing = missing ?? [];
    }

    public SalesforceAuthFlow Flow { get; }

    /// <summary>The missing settings by property name (<c>ClientId</c>, <c>RefreshToken</c>…).</summary>
    public IReadOnlyList<string> Missing { get; }
}
