using CpqSync.Engine.Filters;
using CpqSync.Engine.WriteBack;
using CpqSync.Salesforce;
using CpqSync.Salesforce.PubSub;
using CpqSync.Storage;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CpqSync.Engine.Changes;

/// <summary>Makes a connection's change source from its sync preferences, checking its filters against the org first.</summary>
/// <param name="pubSub">The Pub/Sub client, when the host offers change events (<see cref="ChangeEventServiceCollectionExtensions.AddChangeEvents"/>).</param>
public sealed class ChangeSourceFactory(
    SalesforceClient client, ISyncStore store, IOptions<ChangePollingOptions> options, TimeProvider time, WriteBackEchoes? echoes = null,
    PubSubClient? pubSub = null, IPubSubCredentialSource? pubSubCredentials = null, ILoggerFactory? loggers = null)
{
    /// <exception cref="SyncFilterException">A filter does not fit the org; the message names each filter and field.</exception>
    public async Task<ModstampChangeSource> CreateAsync(Guid connectionId, SyncPreferences preferences, CancellationToken cancellationToken)
    {
        var conditions = await OrderSyncConditions.CreateAsync(preferences, client, cancellationToken).ConfigureAwait(false);
        return new ModstampChangeSource(client, store, connectionId, conditions, options.Value, time, echoes);
    }

    /// <summary>
    /// The change source for a live sync mode: <see cref="ChangeEventSource"/> for change events, where the org offers
    /// them (its order change-event topic can be read), otherwise the <see cref="ModstampChangeSource"/>. With no mode
    /// given, change events where the org offers them.
    /// </summary>
    /// <exception cref="SyncFilterException">A filter does not fit the org.</exception>
    /// <exception cref="RpcException">Change events were asked for and the org does not offer them.</exception>
    public async Task<IChangeSource> CreateAsync(
        Guid connectionId, SyncPreferences preferences, LiveSyncMode? mode, ChangeEventOptions events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var conditions = await OrderSyncConditions.CreateAsync(preferences, client, cancellationToken).ConfigureAwait(false);
        var modstamp = new ModstampChangeSource(client, store, connectionId, conditions, options.Value, time, echoes);
        if (mode == LiveSyncMode.Polling || pubSub is null || pubSubCredentials is null)
        {
            return modstamp;
        }

        // An unreachable endpoint must not hold live sync up: polling runs instead after a short wait.
        using var detection = new CancellationTokenSource(TimeSpan.FromSeconds(15), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, detection.Token);
        try
        {
            var topic = await pubSub.GetTopicAsync(ChangeEventOptions.OrderTopic, linked.Token).ConfigureAwait(false);
            if (!topic.CanSubscribe)
            {
                throw new InvalidOperationException($"The integration user may not subscribe to {ChangeEventOptions.OrderTopic}.");
            }
        }
        catch (Exception e) when (mode is null && !cancellationToken.IsCancellationRequested
            && e is RpcException or HttpRequestException or InvalidOperationException or OperationCanceledException)
        {
            // The org (or edition) offers no change events, or the endpoint is unreachable: poll.
            return modstamp;
        }

        return new ChangeEventSource(
            client, store, connectionId, conditions, modstamp, pubSub, pubSubCredentials, events, time,
            (ILogger?)loggers?.CreateLogger<ChangeEventSource>() ?? NullLogger.Instance);
    }
}
