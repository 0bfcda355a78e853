using System.Collections.Concurrent;
using Avro;
using CpqSync.Salesforce.PubSub.Protocol;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CpqSync.Salesforce.PubSub;

/// <summary>
/// Salesforce's Pub/Sub API (gRPC <c>eventbus.v1.PubSub</c>) for Change Data Capture: topics, schemas (cached by id,
/// they never change under one id) and subscriptions paced by <c>num_requested</c>. Every call carries the session
/// as the <c>accesstoken</c>, <c>instanceurl</c> and <c>tenantid</c> headers; a call refused as <c>UNAUTHENTICATED</c>
/// renews the session (once for a unary call; a subscription is reopened by <see cref="ChangeEventSubscription"/>).
/// Thread-safe; one per org.
/// </summary>
public sealed class PubSubClient : IDisposable
{
    /// <summary>The trailer in which the Pub/Sub API names its own error code.</summary>
    private const string ErrorCodeTrailer = "error-code";

    private readonly GrpcChannel _channel;
    private readonly Protocol.PubSub.PubSubClient _grpc;
    private readonly IPubSubCredentialSource _credentials;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task<RecordSchema>>> _schemas = new(StringComparer.Ordinal);

    public PubSubClient(
        PubSubClientOptions options, IPubSubCredentialSource credentials, TimeProvider time, ILogger? logger = null, PubSubMetrics? metrics = null)
    {
        Options = (options ?? throw new ArgumentNullException(nameof(options))).Validated();
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? NullLogger.Instance;
        Metrics = metrics ?? new PubSubMetrics();
        _channel = GrpcChannel.ForAddress(options.Endpoint, new GrpcChannelOptions
        {
            HttpHandler = options.HttpHandler ?? new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                KeepAlivePingDelay = TimeSpan.FromSeconds(60),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
            },
            DisposeHttpClient = options.HttpHandler is null,
            MaxReceiveMessageSize = 16 * 1024 * 1024,
            ThrowOperationCanceledOnCancellation = true,
        });
        _grpc = new Protocol.PubSub.PubSubClient(_channel);
    }

    public PubSubClientOptions Options { get; }

    public PubSubMetrics Metrics { get; }

    internal TimeProvider Time => _time;

    internal ILogger Logger => _logger;

    /// <summary>The topic's details, including its current schema id.</summary>
    /// <exception cref="RpcException">The topic does not exist or cannot be read (the org does not publish it).</exception>
    public Task<TopicInfo> GetTopicAsync(string topicName, CancellationToken cancellationToken) =>
        CallAsync("GetTopic", headers => _grpc.GetTopicAsync(new TopicRequest { TopicName = topicName }, headers, cancellationToken: cancellationToken).ResponseAsync, cancellationToken);

    /// <summary>The Avro schema with this id, read once per client.</summary>
    public async Task<RecordSchema> GetSchemaAsync(string schemaId, CancellationToken cancellationToken)
    {
        var lazy = _schemas.GetOrAdd(schemaId, id => new Lazy<Task<RecordSchema>>(() => ReadSchemaAsync(id, CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A failed read is not cached: the next event asks again.
            _schemas.TryRemove(new KeyValuePair<string, Lazy<Task<RecordSchema>>>(schemaId, lazy));
            throw;
        }
    }

    private async Task<RecordSchema> ReadSchemaAsync(string schemaId, CancellationToken cancellationToken)
    {
        var info = await CallAsync(
            "GetSchema", headers => _grpc.GetSchemaAsync(new SchemaRequest { SchemaId = schemaId }, headers, cancellationToken: cancellationToken).ResponseAsync,
            cancellationToken).ConfigureAwait(false);
        return Schema.Parse(info.SchemaJson) as RecordSchema
            ?? throw new AvroException($"The schema {schemaId} is not a record schema.");
    }

    /// <summary>
    /// Opens one subscription stream and hands each response to <paramref name="onBatch"/>, decoded, in order; asks for
    /// the next <see cref="PubSubClientOptions.BatchSize"/> events once everything asked for has been handled. Returns
    /// when the server ends the stream; throws when it fails.
    /// </summary>
    /// <exception cref="PubSubReplayRejectedException">The replay id to start after was refused (past retention).</exception>
    /// <exception cref="PubSubStreamException">The stream stalled (no keep-alive) or the session was refused (it is renewed first).</exception>
    /// <exception cref="RpcException">Any other failure of the stream.</exception>
    public async Task SubscribeAsync(
        string topicName, ReplayStart start, Func<ChangeEventBatch, CancellationToken, Task> onBatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(onBatch);
        var credentials = await _credentials.GetAsync(cancellationToken).ConfigureAwait(false);
        using var stalled = new CancellationTokenSource(Options.KeepAliveTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stalled.Token);
        Metrics.Call("Subscribe");
        using var call = _grpc.Subscribe(Headers(credentials), cancellationToken: linked.Token);
        try
        {
            var first = new FetchRequest { TopicName = topicName, NumRequested = Options.BatchSize };
            if (start.After is { } after)
            {
                first.ReplayPreset = ReplayPreset.Custom;
                first.ReplayId = ByteString.CopyFrom(after.Span);
            }
            else
            {
                first.ReplayPreset = ReplayPreset.Latest;
            }

            await call.RequestStream.WriteAsync(first, linked.Token).ConfigureAwait(false);
            var pending = Options.BatchSize;
            while (await call.ResponseStream.MoveNext(linked.Token).ConfigureAwait(false))
            {
                stalled.CancelAfter(Options.KeepAliveTimeout);
                var response = call.ResponseStream.Current;
                var events = new List<ChangeEvent>(response.Events.Count);
                foreach (var consumerEvent in response.Events)
                {
                    var schema = await GetSchemaAsync(consumerEvent.Event.SchemaId, linked.Token).ConfigureAwait(false);
                    events.Add(ChangeEventDecoder.Decode(
                        topicName, consumerEvent.Event.Id, consumerEvent.ReplayId.Memory, schema, consumerEvent.Event.Payload.Span));
                }

                Metrics.Received(topicName, events.Count);
                var batch = new ChangeEventBatch(topicName, events, response.LatestReplayId.Memory, _time.GetUtcNow());
                await onBatch(batch, cancellationToken).ConfigureAwait(false);
                pending -= events.Count;
                if (pending <= 0)
                {
                    // Everything asked for has arrived and been handled: ask for more.
                    await call.RequestStream.WriteAsync(new FetchRequest { TopicName = topicName, NumRequested = Options.BatchSize }, linked.Token)
                        .ConfigureAwait(false);
                    pending = Options.BatchSize;
                }
            }
        }
        catch (RpcException e) when (stalled.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new PubSubStreamException($"No keep-alive on {topicName} for {Options.KeepAliveTimeout}: the stream is presumed dead.", e);
        }
        catch (OperationCanceledException e) when (stalled.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new PubSubStreamException($"No keep-alive on {topicName} for {Options.KeepAliveTimeout}: the stream is presumed dead.", e);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
        {
            _logger.PubSubSessionRenewing("Subscribe");
            await _credentials.RenewAsync(credentials, cancellationToken).ConfigureAwait(false);
            throw new PubSubStreamException($"The session was refused on {topicName}; renewed.", e);
        }
        catch (RpcException e) when (IsReplayRejected(e))
        {
            throw new PubSubReplayRejectedException(topicName, e.Status.Detail, e);
        }
    }

    /// <summary>The Pub/Sub API's own error code (the <c>error-code</c> trailer), when it sent one.</summary>
    public static string? ErrorCode(RpcException exception) =>
        exception?.Trailers.GetValue(ErrorCodeTrailer);

    private static bool IsReplayRejected(RpcException e) =>
        ErrorCode(e) is { } code && code.Contains("replayid", StringComparison.OrdinalIgnoreCase);

    private async Task<T> CallAsync<T>(string method, Func<Metadata, Task<T>> call, CancellationToken cancellationToken)
    {
        var credentials = await _credentials.GetAsync(cancellationToken).ConfigureAwait(false);
        Metrics.Call(method);
        try
        {
            return await call(Headers(credentials)).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
        {
            _logger.PubSubSessionRenewing(method);
            credentials = await _credentials.RenewAsync(credentials, cancellationToken).ConfigureAwait(false);
            Metrics.Call(method);
            return await call(Headers(credentials)).ConfigureAwait(false);
        }
    }

    private static Metadata Headers(PubSubCredentials credentials) => new()
    {
        { "accesstoken", credentials.AccessToken },
        { "instanceurl", credentials.InstanceUrl.GetLeftPart(UriPartial.Authority) },
        { "tenantid", credentials.TenantId },
    };

    public void Dispose() => _channel.Dispose();
}

/// <summary>A subscription stream that has to be reopened: it stalled, or its session was refused and has been renewed.</summary>
public sealed class PubSubStreamException(string message, Exception? inner = null) : Exception(message, inner);
