using CpqSync.Engine.Filters;
using CpqSync.Engine.WriteBack;
using CpqSync.Salesforce;
using CpqSync.Storage;
using Microsoft.Extensions.Options;

namespace CpqSync.Engine.Changes;

/// <summary>Makes a connection's change source from its sync preferences, checking its filters against the org first.</summary>
public sealed class ChangeSourceFactory(
    SalesforceClient client, ISyncStore store, IOptions<ChangePollingOptions> options, TimeProvider time, WriteBackEchoes? echoes = null)
{
    /// <exception cref="SyncFilterException">A filter does not fit the org; the message names each filter and field.</exception>
    public async Task<ModstampChangeSource> CreateAsync(Guid connectionId, SyncPreferences preferences, CancellationToken cancellationToken)
    {
        var conditions = await OrderSyncConditions.CreateAsync(preferences, client, cancellationToken).ConfigureAwait(false);
        return new ModstampChangeSource(client, store, connectionId, conditions, options.Value, time, echoes);
    }
}
