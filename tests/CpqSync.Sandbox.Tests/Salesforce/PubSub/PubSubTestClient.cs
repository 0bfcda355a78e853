using Avro.Generic;
using Avro.IO;
using CpqSync.Salesforce.PubSub.Protocol;
using CpqSync.Sandbox.Salesforce;
using CpqSync.Sandbox.Tests.Salesforce.Http;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using AvroSchema = Avro.Schema;

namespace CpqSync.Sandbox.Tests.Salesforce.PubSub;

/// <summary>
/// A logged-in sandbox and the official generated Pub/Sub client talking to its gRPC endpoint, with the headers a
/// real client sends (accesstoken, instanceurl, tenantid), and Avro decoding of change events by their schema.
/// </summary>
internal sealed class PubSubTestClient : IAsyncDisposable
{
    private readonly GrpcChannel _channel;
    private readonly Dictionary<string, AvroSchema> _schemas = new(StringComparer.Ordinal);

    private PubSubTestClient(SandboxClient sandbox, string accessToken)
    {
        Sandbox = sandbox;
        AccessToken = accessToken;
        _channel = GrpcChannel.ForAddress(sandbox.Server.PubSubEndpoint);
        Client = new CpqSync.Salesforce.PubSub.Protocol.PubSub.PubSubClient(_channel);
    }

    public SandboxClient Sandbox { get; }

    public CpqSync.Salesforce.PubSub.Protocol.PubSub.PubSubClient Client { get; }

    public string AccessToken { get; set; }

    public static async Task<PubSubTestClient> StartAsync(SalesforceSandboxOptions? options = null, TimeProvider? time = null)
    {
        var sandbox = await SandboxClient.StartAsync(options ?? new SalesforceSandboxOptions { Org = new() { Seed = "demo" } }, time);
        var token = await sandbox.LoginAsync();
        return new PubSubTestClient(sandbox, (string)token["access_token"]!);
    }

    /// <summary>Logs in again (after the clock moved past the session's lifetime) and uses the new token.</summary>
    public async Task ReloginAsync() => AccessToken = (string)(await Sandbox.LoginAsync())["access_token"]!;

    public Grpc.Core.Metadata Headers(string? accessToken = null) => new()
    {
        { "accesstoken", accessToken ?? AccessToken },
        { "instanceurl", Sandbox.Server.BaseUrl.ToString().TrimEnd('/') },
        { "tenantid", Sandbox.Server.Org.Info.OrganizationId },
    };

    public AsyncDuplexStreamingCall<FetchRequest, FetchResponse> Subscribe(CancellationToken cancellationToken = default) =>
        Client.Subscribe(Headers(), cancellationToken: cancellationToken);

    /// <summary>Subscribes and sends the first FetchRequest.</summary>
    public async Task<AsyncDuplexStreamingCall<FetchRequest, FetchResponse>> SubscribeAsync(
        string topic, ReplayPreset preset, int numRequested, byte[]? replayId = null, CancellationToken cancellationToken = default)
    {
        var call = Subscribe(cancellationToken);
        await call.RequestStream.WriteAsync(new FetchRequest
        {
            TopicName = topic,
            ReplayPreset = preset,
            ReplayId = replayId is null ? ByteString.Empty : ByteString.CopyFrom(replayId),
            NumRequested = numRequested,
        }, cancellationToken);
        return call;
    }

    /// <summary>Reads responses until <paramref name="count"/> events arrived (failing if a response brings more).</summary>
    public static async Task<List<ConsumerEvent>> ReadEventsAsync(IAsyncStreamReader<FetchResponse> responses, int count)
    {
        var events = new List<ConsumerEvent>();
        while (events.Count < count)
        {
            Assert.True(await responses.MoveNext(CancellationToken.None), "The stream ended before the events arrived.");
            events.AddRange(responses.Current.Events);
        }

        Assert.Equal(count, events.Count);
        return events;
    }

    /// <summary>Decodes a change event's Avro payload with the schema GetSchema gives for its schema id.</summary>
    public async Task<GenericRecord> DecodeAsync(ConsumerEvent consumerEvent)
    {
        var schema = await SchemaAsync(consumerEvent.Event.SchemaId);
        var reader = new GenericDatumReader<GenericRecord>(schema, schema);
        using var stream = new MemoryStream(consumerEvent.Event.Payload.ToByteArray());
        return reader.Read(null!, new BinaryDecoder(stream));
    }

    public async Task<AvroSchema> SchemaAsync(string schemaId)
    {
        if (!_schemas.TryGetValue(schemaId, out var schema))
        {
            var info = await Client.GetSchemaAsync(new SchemaRequest { SchemaId = schemaId }, Headers());
            schema = AvroSchema.Parse(info.SchemaJson);
            _schemas[schemaId] = schema;
        }

        return schema;
    }

    /// <summary>The field names a header bitmap list stands for (<c>0x…</c> top-level bits, <c>n-0x…</c> compound components).</summary>
    public static List<string> FieldNames(AvroSchema schema, IEnumerable<string> bitmaps)
    {
        var record = (Avro.RecordSchema)schema;
        var names = new List<string>();
        foreach (var bitmap in bitmaps)
        {
            var dash = bitmap.IndexOf('-', StringComparison.Ordinal);
            var parent = dash < 0 ? null : record.Fields[int.Parse(bitmap[..dash], System.Globalization.CultureInfo.InvariantCulture)];
            var target = parent is null ? record : (Avro.RecordSchema)((Avro.UnionSchema)parent.Schema).Schemas[1];
            var bytes = Convert.FromHexString(bitmap[(dash + 3)..]);
            for (var bit = 0; bit < bytes.Length * 8; bit++)
            {
                if ((bytes[bytes.Length - 1 - (bit / 8)] & (1 << (bit % 8))) != 0)
                {
                    names.Add(parent is null ? target.Fields[bit].Name : $"{parent.Name}.{target.Fields[bit].Name}");
                }
            }
        }

        return names;
    }

    public static GenericRecord Header(GenericRecord changeEvent) => (GenericRecord)changeEvent["ChangeEventHeader"];

    public static string[] Strings(GenericRecord header, string field) => [.. ((object[])header[field]).Cast<string>()];

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await Sandbox.DisposeAsync();
    }
}
