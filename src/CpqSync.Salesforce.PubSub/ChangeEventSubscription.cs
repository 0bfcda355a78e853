using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace CpqSync.Salesforce.PubSub;

/// <summary>
/// A long-lived subscription to one topic: reopens the stream after a failure with exponential backoff and jitter
/// (Polly, as the REST clients retry), resuming after the last replay id whose batch was handled, so nothing handled is
/// delivered again and nothing unhandled is skipped. A stream that delivered something before it failed is reopened at
/// once, with the backoff starting over. Keep-alives are tracked (<see cref="LastResponseAt"/>); a stream that sends
/// none for <see cref="PubSubClientOptions.KeepAliveTimeout"/> is reopened.
/// </summary>
public sealed class ChangeEventSubscription
{
    private readonly PubSubClient _client;
    private readonly Func<ChangeEventBatch, CancellationToken, Task> _onBatch;
    private readonly ResiliencePipeline _reconnect;
    private ReadOnlyMemory<byte>? _resumeAfter;
    private long _lastResponseTicks = -1;

    /// <param name="resumeAfter">The stored replay id to resume after; null to start with the newest events.</param>
    /// <param name="onBatch">Handles a batch; the subscription resumes after it only once this returns.</param>
    public ChangeEventSubscription(
        PubSubClient client, string topic, ReadOnlyMemory<byte>? resumeAfter, Func<ChangeEventBatch, CancellationToken, Task> onBatch)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        Topic = topic;
        _resumeAfter = resumeAfter is { Length: > 0 } ? resumeAfter : null;
        _onBatch = onBatch ?? throw new ArgumentNullException(nameof(onBatch));
        var options = client.Options;
        _reconnect = new ResiliencePipelineBuilder { TimeProvider = client.Time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(static e => e is not (PubSubReplayRejectedException or OperationCanceledException)),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.ReconnectBaseDelay,
                MaxDelay = options.MaxReconnectDelay,
                MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    client.Metrics.Reconnect();
                    client.Logger.PubSubSubscriptionReopening(Topic, args.Outcome.Exception?.GetType().Name ?? "ended", args.RetryDelay);
                    return default;
                },
            })
            .Build();
    }

    public string Topic { get; }

    /// <summary>When the stream last answered (events or a keep-alive); null before it first did.</summary>
    public DateTimeOffset? LastResponseAt =>
        Interlocked.Read(ref _lastResponseTicks) is var ticks and >= 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Subscribes until cancelled.</summary>
    /// <exception cref="PubSubReplayRejectedException">The replay id to resume after was refused (past retention).</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await _reconnect.ExecuteAsync(StreamAsync, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One stream. Returns (to be reopened with a fresh backoff) if it delivered anything; throws otherwise.</summary>
    private async ValueTask StreamAsync(CancellationToken cancellationToken)
    {
        var delivered = false;
        try
        {
            var start = _resumeAfter is { } after ? ReplayStart.AfterReplayId(after) : ReplayStart.Latest;
            await _client.SubscribeAsync(Topic, start, HandleAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (delivered && e is not (PubSubReplayRejectedException or OperationCanceledException))
        {
            _client.Metrics.Reconnect();
            _client.Logger.PubSubSubscriptionReopening(Topic, e.GetType().Name, TimeSpan.Zero);
            return;
        }

        if (!delivered && !cancellationToken.IsCancellationRequested)
        {
            throw new PubSubStreamException($"The Pub/Sub API ended the stream of {Topic} before answering.");
        }

        async Task HandleAsync(ChangeEventBatch batch, CancellationToken token)
        {
            Interlocked.Exchange(ref _lastResponseTicks, batch.ReceivedAt.UtcTicks);
            await _onBatch(batch, token).ConfigureAwait(false);
            delivered = true;
            if (batch.LatestReplayId.Length > 0)
            {
                _resumeAfter = batch.LatestReplayId;
            }
            else if (batch.Events.Count > 0)
            {
                _resumeAfter = batch.Events[^1].ReplayId;
            }
        }
    }
}
