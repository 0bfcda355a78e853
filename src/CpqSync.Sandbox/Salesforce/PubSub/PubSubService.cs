using CpqSync.Salesforce.PubSub.Protocol;
using CpqSync.Sandbox.Salesforce.OAuth;
using Google.Protobuf;
using Grpc.Core;
using static CpqSync.Salesforce.PubSub.Protocol.PubSub;

namespace CpqSync.Sandbox.Salesforce.PubSub;

/// <summary>
/// The org's Pub/Sub API (<c>eventbus.v1.PubSub</c>) for change events: topics, schemas and subscriptions with flow
/// control. Every call authenticates with the metadata headers <c>accesstoken</c>, <c>instanceurl</c> and
/// <c>tenantid</c> (the org id), as Salesforce's does.
/// </summary>
internal sealed class PubSubService(PubSubContext context) : PubSubBase
{
    private readonly PubSubContext _context = context;

    /// <summary>Salesforce delivers at most 100 events per FetchRequest.</summary>
    private const int MaxRequested = 100;

    public override Task<TopicInfo> GetTopic(TopicRequest request, ServerCallContext call)
    {
        var rpcId = Begin(call);
        if (!_context.Catalog.IsTopic(request.TopicName))
        {
            throw PubSubErrors.TopicNotFound(_context.OrganizationId, request.TopicName, rpcId);
        }

        return Task.FromResult(new TopicInfo
        {
            TopicName = request.TopicName,
            TenantGuid = _context.OrganizationId,
            CanPublish = false,
            CanSubscribe = true,
            SchemaId = _context.Catalog.FindTopic(request.TopicName)?.Id ?? "",
            RpcId = rpcId,
        });
    }

    public override Task<SchemaInfo> GetSchema(SchemaRequest request, ServerCallContext call)
    {
        var rpcId = Begin(call);
        var schema = _context.Catalog.FindSchema(request.SchemaId) ?? throw PubSubErrors.SchemaNotFound(request.SchemaId, rpcId);
        return Task.FromResult(new SchemaInfo { SchemaId = schema.Id, SchemaJson = schema.Json, RpcId = rpcId });
    }

    public override async Task Subscribe(
        IAsyncStreamReader<FetchRequest> requestStream, IServerStreamWriter<FetchResponse> responseStream, ServerCallContext call)
    {
        var rpcId = Begin(call);
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken, _context.Stopping.Token);
        var cancellationToken = stream.Token;
        try
        {
            if (!await requestStream.MoveNext(cancellationToken))
            {
                return;
            }

            _context.Usage.CountFetchRequest();
            var subscription = Open(requestStream.Current, call.RequestHeaders, rpcId);
            await subscription.RunAsync(requestStream, responseStream, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client cancelled: the stream ends cleanly.
        }
        catch (IOException) when (cancellationToken.IsCancellationRequested)
        {
            // The connection went away while a response was being written.
        }
    }

    /// <summary>Checks the first FetchRequest: topic, replay preset and replay id, and how many events it asks for.</summary>
    private Subscription Open(FetchRequest first, Grpc.Core.Metadata headers, string rpcId)
    {
        var topic = first.TopicName;
        if (!_context.Catalog.IsTopic(topic))
        {
            throw PubSubErrors.TopicNotFound(_context.OrganizationId, topic, rpcId);
        }

        if (first.NumRequested <= 0)
        {
            throw PubSubErrors.RequestedEventsInvalid(rpcId);
        }

        var bus = _context.Bus;
        long position;
        switch (first.ReplayPreset)
        {
            case ReplayPreset.Earliest:
                position = bus.EarliestPosition();
                break;
            case ReplayPreset.Custom:
                if (first.ReplayId.IsEmpty)
                {
                    throw PubSubErrors.ReplayIdMissing(rpcId);
                }

                if (!ChangeEventBus.TryDecode(first.ReplayId.Span, out position) || !bus.IsValidReplayId(position))
                {
                    throw PubSubErrors.ReplayIdCorrupted(rpcId);
                }

                break;
            default:
                position = bus.Latest;
                break;
        }

        var single = _context.Catalog.FindTopic(topic);
        Func<BusEvent, bool> match = single is null ? static _ => true : e => e.EventName == single.EventName;
        return new Subscription(this, headers, topic, position, Math.Min(first.NumRequested, MaxRequested), match, rpcId);
    }

    /// <summary>Authenticates the call and counts it; returns the call's rpc id.</summary>
    private string Begin(ServerCallContext call)
    {
        var rpcId = Guid.NewGuid().ToString();
        _context.Usage.CountCall();
        Authenticate(call.RequestHeaders, rpcId);
        return rpcId;
    }

    private AccessSession Authenticate(Grpc.Core.Metadata headers, string rpcId)
    {
        var token = headers.GetValue("accesstoken");
        var instanceUrl = headers.GetValue("instanceurl")?.TrimEnd('/');
        var tenant = headers.GetValue("tenantid");
        var session = string.IsNullOrEmpty(token) ? null : _context.Tokens.FindSession(token);
        var sameOrg = tenant is not null && (tenant == _context.OrganizationId || tenant == _context.OrganizationId[..15]);
        var sameInstance = string.Equals(instanceUrl, _context.InstanceUrl, StringComparison.OrdinalIgnoreCase);
        return session is not null && sameOrg && sameInstance ? session : throw PubSubErrors.Unauthenticated(rpcId);
    }

    /// <summary>One Subscribe stream: where it is in the bus, how many events the client still wants, when it last heard from us.</summary>
    private sealed class Subscription(
        PubSubService service, Grpc.Core.Metadata headers, string topic, long position, int requested, Func<BusEvent, bool> match, string rpcId)
    {
        private readonly PubSubContext _context = service._context;
        private long _position = position;
        private int _pending = requested;
        private TaskCompletionSource _requested = NewSignal();

        public async Task RunAsync(
            IAsyncStreamReader<FetchRequest> requests, IServerStreamWriter<FetchResponse> responses, CancellationToken cancellationToken)
        {
            var time = _context.Time;
            var lastSent = time.GetUtcNow();
            var reader = ReadRequestsAsync(requests, cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                // Take the signals before looking, so a publication or request arriving in between wakes the wait below.
                var published = _context.Bus.NextPublication();
                var requestedMore = Volatile.Read(ref _requested).Task;
                var wanted = Volatile.Read(ref _pending);
                if (wanted > 0)
                {
                    var events = _context.Bus.Read(_position, match, wanted);
                    if (events.Count > 0)
                    {
                        var pending = Interlocked.Add(ref _pending, -events.Count);
                        _position = events[^1].ReplayId;
                        var response = new FetchResponse
                        {
                            LatestReplayId = ByteString.CopyFrom(ChangeEventBus.Encode(_position)),
                            PendingNumRequested = pending,
                            RpcId = rpcId,
                        };
                        response.Events.AddRange(events.Select(ToConsumerEvent));
                        // Taken before the write: a client that has the response sees the interval already counting.
                        lastSent = time.GetUtcNow();
                        await responses.WriteAsync(response, cancellationToken);
                        _context.Usage.CountDelivered(events.Count);
                        continue;
                    }
                }

                var untilKeepAlive = lastSent + _context.Options.KeepAliveInterval - time.GetUtcNow();
                if (untilKeepAlive <= TimeSpan.Zero)
                {
                    lastSent = time.GetUtcNow();
                    await responses.WriteAsync(KeepAlive(), cancellationToken);
                    continue;
                }

                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var keepAlive = Task.Delay(untilKeepAlive, time, wait.Token);
                // The clock may have moved on between reading it and setting the timer (a test's fake clock advanced as the
                // client got the last response): the timer then counts from too late and would never fire; send now instead.
                var woke = time.GetUtcNow() - lastSent >= _context.Options.KeepAliveInterval
                    ? keepAlive
                    : await Task.WhenAny(published, requestedMore, keepAlive, reader);
                await wait.CancelAsync();
                if (woke == reader)
                {
                    await reader; // Throws the reader's error (an expired session); a client that stopped sending is fine.
                    reader = Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                }
            }
        }

        private FetchResponse KeepAlive() => new()
        {
            LatestReplayId = ByteString.CopyFrom(ChangeEventBus.Encode(_context.Bus.LatestFor(_position, match))),
            PendingNumRequested = Volatile.Read(ref _pending),
            RpcId = rpcId,
        };

        private static ConsumerEvent ToConsumerEvent(BusEvent e) => new()
        {
            Event = new ProducerEvent { Id = e.EventId, SchemaId = e.SchemaId, Payload = ByteString.CopyFrom(e.Payload) },
            ReplayId = ByteString.CopyFrom(ChangeEventBus.Encode(e.ReplayId)),
        };

        /// <summary>Later FetchRequests add to the events wanted; each is re-authenticated, and may not change the topic.</summary>
        private async Task ReadRequestsAsync(IAsyncStreamReader<FetchRequest> requests, CancellationToken cancellationToken)
        {
            await Task.Yield();
            while (await requests.MoveNext(cancellationToken))
            {
                _context.Usage.CountFetchRequest();
                var request = requests.Current;
                service.Authenticate(headers, rpcId);
                if (request.TopicName.Length > 0 && request.TopicName != topic)
                {
                    throw PubSubErrors.TopicMismatch(rpcId);
                }

                if (request.NumRequested <= 0)
                {
                    throw PubSubErrors.RequestedEventsInvalid(rpcId);
                }

                Interlocked.Add(ref _pending, Math.Min(request.NumRequested, MaxRequested));
                Interlocked.Exchange(ref _requested, NewSignal()).TrySetResult();
            }
        }

        private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
