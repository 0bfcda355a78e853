using CpqSync.Salesforce;
using CpqSync.Stripe;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CpqSync.Hosting;

/// <summary>
/// Whether the connection has the credentials it signs in with, from the options as they are now (settings over the
/// stored credentials). Missing credentials are a state, not an error: <c>serve</c> starts without them, reports
/// <c>not connected</c> and waits; the one-off commands that need them stop with the settings to give.
/// </summary>
public sealed class ConnectionCredentials(IOptionsMonitor<SalesforceOptions> salesforce, IOptionsMonitor<StripeOptions> stripe)
{
    /// <summary>The missing settings, by setting name (<c>Salesforce:ClientId</c>, <c>Stripe:ApiKey</c>); empty when complete.</summary>
    public IReadOnlyList<string> Missing => MissingFrom(salesforce.CurrentValue, stripe.CurrentValue);

    public bool Complete => Missing.Count == 0;

    /// <summary>The missing Salesforce settings only.</summary>
    public IReadOnlyList<string> MissingSalesforce => MissingFrom(salesforce.CurrentValue, null);

    /// <summary>Whether the Stripe key is missing.</summary>
    public bool MissingStripeKey => string.IsNullOrWhiteSpace(stripe.CurrentValue.ApiKey);

    /// <summary>Returns once the credentials are complete: at once, or when the wizard (or a reload) completes them.</summary>
    public async Task WaitUntilCompleteAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (salesforce.OnChange((_, _) => changed.TrySetResult()))
            using (stripe.OnChange((_, _) => changed.TrySetResult()))
            {
                if (Complete)
                {
                    return;
                }

                await changed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The one rule for which credentials are missing, for running hosts and one-off commands alike.</summary>
    public static IReadOnlyList<string> MissingFrom(SalesforceOptions salesforce, StripeOptions? stripe)
    {
        ArgumentNullException.ThrowIfNull(salesforce);
        var missing = salesforce.MissingCredentials().Select(m => $"{SalesforceOptions.SectionName}:{m}").ToList();
        if (stripe is not null && string.IsNullOrWhiteSpace(stripe.ApiKey))
        {
            missing.Add($"{StripeOptions.SectionName}:{nameof(StripeOptions.ApiKey)}");
        }

        return missing;
    }

    /// <summary>The missing credentials of a configuration (a one-off command's).</summary>
    public static IReadOnlyList<string> MissingFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return MissingFrom(
            configuration.GetSection(SalesforceOptions.SectionName).Get<SalesforceOptions>() ?? new SalesforceOptions(),
            configuration.GetSection(StripeOptions.SectionName).Get<StripeOptions>() ?? new StripeOptions());
    }
}

/// <summary>An <see cref="IOptions{TOptions}"/> that always yields the current value: what the clients read, so new credentials apply at their next call.</summary>
internal sealed class CurrentOptions<T>(IOptionsMonitor<T> monitor) : IOptions<T>
    where T : class
{
    public T Value => monitor.CurrentValue;
}
